package io.rostersync.simulator.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.rostersync.simulator.OneRosterConformance;

/** The GET paths of the official OneRoster 1.2 rostering spec, with ids of the default district (seed 42) put in. */
final class OneRosterPaths {

    /** Ids of the default district to put in path templates. */
    private static final Map<String, String> PARAMETER_IDS = Map.of("classSourcedId", "cls-00001",
            "courseSourcedId", "crs-00001", "schoolSourcedId", "org-00001", "studentSourcedId", "usr-000001",
            "teacherSourcedId", "usr-t00001", "termSourcedId", "ses-0101", "userSourcedId", "usr-000001");

    /** For {@code /{collection}/{sourcedId}}, an id that belongs to that collection. */
    private static final Map<String, String> SINGLETON_IDS = Map.ofEntries(Map.entry("academicSessions", "ses-0001"),
            Map.entry("classes", "cls-00001"), Map.entry("courses", "crs-00001"),
            Map.entry("demographics", "usr-000001"), Map.entry("enrollments", "enr-0000001"),
            Map.entry("gradingPeriods", "ses-0201"), Map.entry("orgs", "org-00000"), Map.entry("schools", "org-00001"),
            Map.entry("students", "usr-000001"), Map.entry("teachers", "usr-t00001"), Map.entry("terms", "ses-0101"),
            Map.entry("users", "usr-a00001"));

    private OneRosterPaths() {
    }

    /** The templates of every GET operation of the spec, e.g. {@code /schools/{schoolSourcedId}/classes}. */
    static List<String> getTemplates() throws Exception {
        JsonNode spec = JsonMapper.builder().build().readTree(OneRosterConformance.specFile().toFile());
        List<String> templates = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : spec.get("paths").properties()) {
            if (path.getValue().has("get")) {
                templates.add(path.getKey());
            }
        }
        return templates;
    }

    /** The template with ids of the default district. */
    static String concrete(String template) {
        Matcher m = Pattern.compile("\\{([A-Za-z]+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String id = name.equals("sourcedId") ? SINGLETON_IDS.get(template.split("/")[1]) : PARAMETER_IDS.get(name);
            assertThat(id).as("id for %s in %s", name, template).isNotNull();
            m.appendReplacement(out, id);
        }
        m.appendTail(out);
        return out.toString();
    }
}
