package io.rostersync.simulator.oneroster;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.Meta;
import io.rostersync.simulator.district.RecordStatus;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Affiliation;
import io.rostersync.simulator.district.RosterRecord.Course;
import io.rostersync.simulator.district.RosterRecord.Demographic;
import io.rostersync.simulator.district.RosterRecord.Enrollment;
import io.rostersync.simulator.district.RosterRecord.Organization;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.district.RosterRecord.Race;
import io.rostersync.simulator.district.RosterRecord.Section;
import io.rostersync.simulator.district.RosterRecord.Session;

/**
 * Translates between the neutral district records and OneRoster 1.2 JSON (the {@code *DType} shapes of the spec).
 */
public final class OneRosterMapper {

    /** Base path of the OneRoster 1.2 rostering service (the spec's {@code servers} basePath). */
    public static final String BASE_PATH = "/ims/oneroster/rostering/v1p2";

    /** OneRoster wants UTC with milliseconds, e.g. {@code 2026-11-23T08:52:00.123Z}. */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private static final Map<Race, String> RACE_FIELDS = new LinkedHashMap<>();
    static {
        RACE_FIELDS.put(Race.AMERICAN_INDIAN_OR_ALASKA_NATIVE, "americanIndianOrAlaskaNative");
        RACE_FIELDS.put(Race.ASIAN, "asian");
        RACE_FIELDS.put(Race.BLACK_OR_AFRICAN_AMERICAN, "blackOrAfricanAmerican");
        RACE_FIELDS.put(Race.NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER, "nativeHawaiianOrOtherPacificIslander");
        RACE_FIELDS.put(Race.WHITE, "white");
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String hrefBase;
    private final District district;

    /**
     * @param hrefBase absolute base of the rostering API ({@code http://host:port/ims/oneroster/rostering/v1p2}),
     *                 used for GUIDRef {@code href}s
     * @param district used to list children of orgs and sessions
     */
    public OneRosterMapper(String hrefBase, District district) {
        this.hrefBase = hrefBase;
        this.district = district;
    }

    // ---------------------------------------------------------------- rendering

    public ObjectNode render(RosterRecord record) {
        ObjectNode node = NODES.objectNode();
        Meta meta = record.meta();
        node.put("sourcedId", meta.sourcedId());
        node.put("status", meta.status() == RecordStatus.ACTIVE ? "active" : "tobedeleted");
        node.put("dateLastModified", DATE_TIME.format(meta.lastModified()));
        if (!meta.metadata().isEmpty()) {
            ObjectNode metadata = node.putObject("metadata");
            meta.metadata().forEach((k, v) -> metadata.put(k, String.valueOf(v)));
        }
        if (record instanceof Organization o) {
            node.put("name", o.name());
            node.put("type", o.kind());
            node.put("identifier", o.identifier());
            if (o.parentId() != null) {
                node.set("parent", ref("org", "orgs", o.parentId()));
            }
            List<String> children = district.all(EntityType.ORGS, Organization.class)
                    .filter(c -> o.sourcedId().equals(c.parentId())).map(Organization::sourcedId).toList();
            if (!children.isEmpty()) {
                ArrayNode array = node.putArray("children");
                children.forEach(id -> array.add(ref("org", "orgs", id)));
            }
        } else if (record instanceof Session s) {
            node.put("title", s.title());
            node.put("startDate", s.startDate().toString());
            node.put("endDate", s.endDate().toString());
            node.put("type", s.kind());
            if (s.parentId() != null) {
                node.set("parent", ref("academicSession", "academicSessions", s.parentId()));
            }
            List<String> children = district.all(EntityType.ACADEMIC_SESSIONS, Session.class)
                    .filter(c -> s.sourcedId().equals(c.parentId())).map(Session::sourcedId).toList();
            if (!children.isEmpty()) {
                ArrayNode array = node.putArray("children");
                children.forEach(id -> array.add(ref("academicSession", "academicSessions", id)));
            }
            node.put("schoolYear", s.schoolYear());
        } else if (record instanceof Course c) {
            node.put("title", c.title());
            if (c.schoolYearId() != null) {
                node.set("schoolYear", ref("academicSession", "academicSessions", c.schoolYearId()));
            }
            node.put("courseCode", c.courseCode());
            strings(node, "grades", c.grades());
            strings(node, "subjects", c.subjects());
            if (c.orgId() != null) {
                node.set("org", ref("org", "orgs", c.orgId()));
            }
        } else if (record instanceof Section s) {
            node.put("title", s.title());
            putIfPresent(node, "classCode", s.classCode());
            putIfPresent(node, "classType", s.classType());
            putIfPresent(node, "location", s.location());
            strings(node, "grades", s.grades());
            strings(node, "subjects", s.subjects());
            node.set("course", ref("course", "courses", s.courseId()));
            node.set("school", ref("org", "orgs", s.schoolId()));
            ArrayNode terms = node.putArray("terms");
            s.termIds().forEach(id -> terms.add(ref("academicSession", "academicSessions", id)));
            strings(node, "periods", s.periods());
        } else if (record instanceof Person p) {
            putIfPresent(node, "username", p.username());
            node.put("enabledUser", Boolean.toString(p.enabled()));
            node.put("givenName", p.givenName());
            node.put("familyName", p.familyName());
            putIfPresent(node, "middleName", p.middleName());
            ArrayNode roles = node.putArray("roles");
            for (Affiliation a : p.roles()) {
                ObjectNode role = roles.addObject();
                role.put("roleType", a.primary() ? "primary" : "secondary");
                role.put("role", a.role());
                role.set("org", ref("org", "orgs", a.orgId()));
            }
            if (p.primaryOrgId() != null) {
                node.set("primaryOrg", ref("org", "orgs", p.primaryOrgId()));
            }
            putIfPresent(node, "identifier", p.identifier());
            putIfPresent(node, "email", p.email());
            putIfPresent(node, "phone", p.phone());
            strings(node, "grades", p.grades());
        } else if (record instanceof Enrollment e) {
            node.set("user", ref("user", "users", e.userId()));
            node.set("class", ref("class", "classes", e.classId()));
            node.set("school", ref("org", "orgs", e.schoolId()));
            node.put("role", e.role());
            if (e.primary() != null) {
                node.put("primary", e.primary().toString());
            }
            if (e.beginDate() != null) {
                node.put("beginDate", e.beginDate().toString());
            }
            if (e.endDate() != null) {
                node.put("endDate", e.endDate().toString());
            }
        } else if (record instanceof Demographic d) {
            if (d.birthDate() != null) {
                node.put("birthDate", d.birthDate().toString());
            }
            putIfPresent(node, "sex", d.sex());
            RACE_FIELDS.forEach((race, field) -> node.put(field, Boolean.toString(d.races().contains(race))));
            node.put("demographicRaceTwoOrMoreRaces", Boolean.toString(d.races().size() > 1));
            if (d.hispanicOrLatino() != null) {
                node.put("hispanicOrLatinoEthnicity", d.hispanicOrLatino().toString());
            }
            putIfPresent(node, "countryOfBirthCode", d.countryOfBirthCode());
            putIfPresent(node, "stateOfBirthAbbreviation", d.stateOfBirthAbbreviation());
            putIfPresent(node, "cityOfBirth", d.cityOfBirth());
        }
        return node;
    }

    private ObjectNode ref(String type, String collection, String sourcedId) {
        ObjectNode ref = NODES.objectNode();
        ref.put("href", hrefBase + "/" + collection + "/" + sourcedId);
        ref.put("sourcedId", sourcedId);
        ref.put("type", type);
        return ref;
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    // ---------------------------------------------------------------- parsing (admin API input)

    /**
     * Reads a OneRoster JSON record of the given collection. {@code dateLastModified} in the input is ignored (the
     * store stamps it). An academic session may carry an {@code org} GUIDRef (not a 1.2 field, so never rendered): it
     * limits the session to that school.
     *
     * @throws IllegalArgumentException if a required field is missing or a value is malformed
     */
    public static RosterRecord parse(EntityType type, JsonNode json) {
        String id = required(json, "sourcedId");
        String status = text(json, "status");
        if (status != null && !status.equals("active") && !status.equals("tobedeleted")) {
            throw new IllegalArgumentException("status must be 'active' or 'tobedeleted'");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        JsonNode metaNode = json.path("metadata");
        if (metaNode.isObject()) {
            metaNode.properties().forEach(e -> metadata.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString()));
        }
        Meta meta = new Meta(id, "tobedeleted".equals(status) ? RecordStatus.TO_BE_DELETED : RecordStatus.ACTIVE,
                Instant.now(), metadata);
        return switch (type) {
            case ORGS -> new Organization(meta, required(json, "name"), required(json, "type"),
                    required(json, "identifier"), refId(json.path("parent")));
            case ACADEMIC_SESSIONS -> new Session(meta, required(json, "title"), required(json, "type"),
                    date(json, "startDate", true), date(json, "endDate", true), refId(json.path("parent")),
                    required(json, "schoolYear"), refId(json.path("org")));
            case COURSES -> new Course(meta, required(json, "title"), required(json, "courseCode"),
                    refId(json.path("schoolYear")), refId(json.path("org")), textList(json, "grades"),
                    textList(json, "subjects"));
            case CLASSES -> new Section(meta, required(json, "title"), text(json, "classCode"), text(json, "classType"),
                    text(json, "location"), requiredRef(json, "course"), requiredRef(json, "school"),
                    refIds(json, "terms"), textList(json, "grades"), textList(json, "subjects"),
                    textList(json, "periods"));
            case USERS -> new Person(meta, text(json, "username"), !"false".equals(text(json, "enabledUser")),
                    required(json, "givenName"), required(json, "familyName"), text(json, "middleName"),
                    roles(json), refId(json.path("primaryOrg")), text(json, "identifier"), text(json, "email"),
                    text(json, "phone"), textList(json, "grades"));
            case ENROLLMENTS -> new Enrollment(meta, requiredRef(json, "user"), requiredRef(json, "class"),
                    requiredRef(json, "school"), required(json, "role"),
                    text(json, "primary") == null ? null : Boolean.valueOf(text(json, "primary")),
                    date(json, "beginDate", false), date(json, "endDate", false));
            case DEMOGRAPHICS -> {
                Set<Race> races = EnumSet.noneOf(Race.class);
                RACE_FIELDS.forEach((race, field) -> {
                    if ("true".equals(text(json, field))) {
                        races.add(race);
                    }
                });
                String hispanic = text(json, "hispanicOrLatinoEthnicity");
                yield new Demographic(meta, date(json, "birthDate", false), text(json, "sex"), races,
                        hispanic == null ? null : Boolean.valueOf(hispanic), text(json, "countryOfBirthCode"),
                        text(json, "stateOfBirthAbbreviation"), text(json, "cityOfBirth"));
            }
            case COURSE_OFFERINGS, SCHOOL_ASSOCIATIONS, DESCRIPTORS ->
                throw new IllegalArgumentException(type.collection() + " is not a OneRoster collection");
        };
    }

    private static List<Affiliation> roles(JsonNode json) {
        JsonNode roles = json.path("roles");
        if (!roles.isArray() || roles.isEmpty()) {
            throw new IllegalArgumentException("roles must list at least one role");
        }
        List<Affiliation> result = new ArrayList<>();
        for (JsonNode role : roles) {
            result.add(new Affiliation(required(role, "role"), !"secondary".equals(text(role, "roleType")),
                    requiredRef(role, "org")));
        }
        return result;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asString() : null;
    }

    private static String required(JsonNode json, String field) {
        String value = text(json, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return value;
    }

    private static String refId(JsonNode ref) {
        return ref.isObject() ? text(ref, "sourcedId") : null;
    }

    private static String requiredRef(JsonNode json, String field) {
        String id = refId(json.path(field));
        if (id == null) {
            throw new IllegalArgumentException("'" + field + ".sourcedId' is required");
        }
        return id;
    }

    private static List<String> refIds(JsonNode json, String field) {
        List<String> ids = new ArrayList<>();
        json.path(field).forEach(ref -> {
            String id = refId(ref);
            if (id != null) {
                ids.add(id);
            }
        });
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' needs at least one reference");
        }
        return ids;
    }

    private static List<String> textList(JsonNode json, String field) {
        List<String> values = new ArrayList<>();
        json.path(field).forEach(v -> values.add(v.asString()));
        return values;
    }

    private static LocalDate date(JsonNode json, String field, boolean required) {
        String value = required ? required(json, field) : text(json, field);
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be a date like 2026-08-15");
        }
    }
}
