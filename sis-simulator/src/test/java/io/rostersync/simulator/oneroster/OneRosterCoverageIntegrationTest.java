package io.rostersync.simulator.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.rostersync.simulator.OneRosterConformance;
import io.rostersync.simulator.SimulatorIntegrationTest;

/**
 * Calls every GET operation the official spec defines, with ids of the default district, and checks each answers
 * 200 with a body that conforms to the spec and is not empty.
 */
class OneRosterCoverageIntegrationTest extends SimulatorIntegrationTest {

    /** Ids of the default district (seed 42) to put in path templates. */
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

    @Test
    void everyGetOperationOfTheSpecAnswersAndConforms() throws Exception {
        JsonNode spec = JSON.readTree(OneRosterConformance.specFile().toFile());
        String token = allScopesToken();
        List<String> covered = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : spec.get("paths").properties()) {
            if (!path.getValue().has("get")) {
                continue;
            }
            operations++;
            String template = path.getKey();
            String concrete = substitute(template);
            Reply reply = oneRoster(concrete, token);
            assertThat(reply.status()).as("GET %s", concrete).isEqualTo(200);
            JsonNode payload = reply.json().properties().iterator().next().getValue();
            if (payload.isArray()) {
                assertThat(payload).as("records of GET %s", concrete).isNotEmpty();
                assertThat(reply.header("X-Total-Count")).as("X-Total-Count of %s", concrete).isNotNull();
            } else {
                assertThat(payload.get("sourcedId")).as("record of GET %s", concrete).isNotNull();
            }
            covered.add(template);
        }
        assertThat(operations).isEqualTo(41);
        assertThat(covered).hasSize(operations);
    }

    private static String substitute(String template) {
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
