package io.rostersync.edfi;

import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Maps Ed-Fi items onto canonical (OneRoster 1.2 shaped) records for one server and one operation, with the
 * canonical id mapping:
 * <ul>
 * <li>students / staffs → users: the person's <em>original</em> unique id (the {@code oldKeyValues} of the first key
 * change of that resource {@code id} in {@code /keyChanges}, read once per operation from change version 0, else the
 * current {@code studentUniqueId}/{@code staffUniqueId}) when {@code id == MD5("<resource>/<it>")} confirms it is the
 * OneRoster sourcedId (a OneRoster user without {@code identifier}); otherwise the Ed-Fi resource {@code id}, which is
 * {@code MD5("students/<OneRoster sourcedId>")} for a OneRoster-backed ODS. Either way it never changes on a key
 * change, so a re-keyed student stays one user.</li>
 * <li>schools → orgs: {@code org-nnnnn} for {@code schoolId} 255901000 + n, confirmed by {@code id == MD5("schools/org-nnnnn")}
 * (the simulator's documented mapping); the LEA 255901 → {@code org-00000}; anything else → the Ed-Fi {@code id}.</li>
 * <li>sections → classes: {@code sectionIdentifier}.</li>
 * <li>sessions, courses, section associations (enrollments): the Ed-Fi resource {@code id} (stable, also across key
 * changes): their natural keys do not carry the OneRoster sourcedId.</li>
 * </ul>
 */
final class EdFiRecords {

    /** An Ed-Fi resource and the canonical entity type it feeds, in dependency order. */
    enum Resource {
        SCHOOLS("schools", EntityType.ORGS),
        SESSIONS("sessions", EntityType.ACADEMIC_SESSIONS),
        COURSES("courses", EntityType.COURSES),
        SECTIONS("sections", EntityType.CLASSES),
        STUDENTS("students", EntityType.USERS),
        STAFFS("staffs", EntityType.USERS),
        STUDENT_SECTION_ASSOCIATIONS("studentSectionAssociations", EntityType.ENROLLMENTS),
        STAFF_SECTION_ASSOCIATIONS("staffSectionAssociations", EntityType.ENROLLMENTS);

        final String path;
        final EntityType type;

        Resource(String path, EntityType type) {
            this.path = path;
            this.type = type;
        }
    }

    private static final Pattern SCHOOL_ID = Pattern.compile("2559(\\d{5})");
    private static final List<String> GRADES = List.of("Preschool/Prekindergarten", "Kindergarten", "First grade",
            "Second grade", "Third grade", "Fourth grade", "Fifth grade", "Sixth grade", "Seventh grade", "Eighth grade",
            "Ninth grade", "Tenth grade", "Eleventh grade", "Twelfth grade");
    private static final List<String> CEDS = List.of("PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
            "11", "12");

    private final EdFiApi api;
    private final EdFiServer server;
    private final Map<String, Map<String, String>> originalKeyById = new HashMap<>();
    /** Current unique id → canonical user id; bounded, as a cache, so memory does not grow with district size. */
    private final Map<String, String> personIds = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 200_000;
        }
    };
    private final Map<String, String> lookups = new HashMap<>();

    EdFiRecords(EdFiApi api, EdFiServer server) {
        this.api = api;
        this.server = server;
    }

    // ------------------------------------------------------------------ ids

    /** The canonical sourcedId of an item, or of a delete (whose natural key is {@code keyValues}). */
    String canonicalId(Resource resource, String id, JsonNode key) {
        return switch (resource) {
            case SCHOOLS -> orgId(key.path("schoolId").asLong(0), id);
            case SECTIONS -> text(key, "sectionIdentifier") != null ? text(key, "sectionIdentifier") : id;
            case STUDENTS -> personById("students", id, text(key, "studentUniqueId"));
            case STAFFS -> personById("staffs", id, text(key, "staffUniqueId"));
            default -> id;
        };
    }

    private String orgId(long educationOrganizationId, String id) {
        if (educationOrganizationId == EdFiIdsMapping.LOCAL_EDUCATION_AGENCY_ID) {
            return "org-00000";
        }
        Matcher m = SCHOOL_ID.matcher(Long.toString(educationOrganizationId));
        if (m.matches() && educationOrganizationId > 255_901_000L) {
            String candidate = String.format("org-%05d", educationOrganizationId - 255_901_000L);
            if (id == null || md5("schools/" + candidate).equals(id)) {
                return candidate;
            }
        }
        return id != null ? id : "edfi-edorg-" + educationOrganizationId;
    }

    private String personById(String resource, String id, String currentKey) {
        String original = keyHistory(resource).getOrDefault(id, currentKey);
        String canonical = original != null && md5(resource + "/" + original).equals(id) ? original : id;
        if (currentKey != null) {
            remember(resource, currentKey, canonical);
        }
        return canonical;
    }

    /**
     * The canonical user id of a person referenced by its current unique id: from the persons seen in this
     * operation, else by a query-by-example on the person resource (cached); a person no longer served keeps the
     * unique id it is referenced by.
     */
    private String personByKey(String resource, String currentKey) {
        String known = personIds.get(resource + "|" + currentKey);
        if (known != null) {
            return known;
        }
        String keyName = resource.equals("students") ? "studentUniqueId" : "staffUniqueId";
        JsonNode found = find(resource, Map.of(keyName, currentKey));
        String canonical = found == null ? currentKey : personById(resource, text(found, "id"), currentKey);
        remember(resource, currentKey, canonical);
        return canonical;
    }

    private void remember(String resource, String currentKey, String canonical) {
        personIds.put(resource + "|" + currentKey, canonical);
    }

    /** Reads the resource's key changes now (once per operation), before any record or reference is mapped. */
    void loadKeyChanges(Resource resource) {
        keyHistory(resource.path);
    }

    private Map<String, String> keyHistory(String resource) {
        Map<String, String> byId = originalKeyById.get(resource);
        if (byId != null) {
            return byId;
        }
        byId = new HashMap<>();
        String keyName = resource.equals("students") ? "studentUniqueId" : "staffUniqueId";
        // Key changes are rare, so the whole history fits in memory; it is ordered by change version.
        int offset = 0;
        while (true) {
            HttpResponse<byte[]> response = api.get(server, server.resource(resource + "/keyChanges?minChangeVersion=0&offset="
                    + offset + "&limit=500"), true);
            if (response.statusCode() == 404) {
                break;
            }
            JsonNode page = api.http().parse(response, "Ed-Fi " + resource + "/keyChanges");
            for (JsonNode change : page) {
                String id = text(change, "id");
                String oldKey = text(change.path("oldKeyValues"), keyName);
                String newKey = text(change.path("newKeyValues"), keyName);
                if (id == null || oldKey == null || newKey == null) {
                    continue;
                }
                byId.putIfAbsent(id, oldKey);
            }
            if (page.size() < 500) {
                break;
            }
            offset += page.size();
        }
        originalKeyById.put(resource, byId);
        return byId;
    }

    // ------------------------------------------------------------------ records

    /**
     * @throws IllegalArgumentException when the item lacks what its canonical record needs
     */
    RosterRecord toRecord(Resource resource, JsonNode item) {
        String id = text(item, "id");
        if (id == null) {
            throw new IllegalArgumentException("has no id");
        }
        String sourcedId = canonicalId(resource, id, item);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("edfiId", id);
        switch (resource) {
            case SCHOOLS -> {
                a.put("name", require(item, "nameOfInstitution"));
                a.put("type", "school");
                putIfPresent(a, "identifier", text(item, "shortNameOfInstitution"));
                long lea = item.path("localEducationAgencyReference").path("localEducationAgencyId").asLong(0);
                if (lea != 0) {
                    a.put("parent", ref(orgId(lea, null), "org"));
                }
                a.put("grades", grades(item.path("gradeLevels")));
            }
            case SESSIONS -> {
                a.put("title", require(item, "sessionName"));
                String term = descriptorCode(text(item, "termDescriptor"));
                a.put("type", "Year Round".equals(term) ? "schoolYear" : "term");
                putIfPresent(a, "startDate", text(item, "beginDate"));
                putIfPresent(a, "endDate", text(item, "endDate"));
                a.put("schoolYear", item.path("schoolYearTypeReference").path("schoolYear").asString(""));
                a.put("org", ref(orgId(item.path("schoolReference").path("schoolId").asLong(0), null), "org"));
            }
            case COURSES -> {
                a.put("title", require(item, "courseTitle"));
                a.put("courseCode", require(item, "courseCode"));
                a.put("org", ref(orgId(item.path("educationOrganizationReference").path("educationOrganizationId").asLong(0), null), "org"));
                a.put("grades", grades(item.path("offeredGradeLevels")));
            }
            case SECTIONS -> {
                a.put("title", require(item, "sectionName"));
                JsonNode offering = item.path("courseOfferingReference");
                a.put("school", ref(orgId(offering.path("schoolId").asLong(0), null), "org"));
                String course = courseOfOffering(offering);
                if (course != null) {
                    a.put("course", ref(course, "course"));
                }
                String session = lookup("sessions", Map.of("schoolId", offering.path("schoolId").asString(""),
                        "schoolYear", offering.path("schoolYear").asString(""), "sessionName", offering.path("sessionName").asString("")));
                a.put("terms", session == null ? List.of() : List.of(ref(session, "academicSession")));
                a.put("classCode", sourcedId);
                a.put("grades", grades(item.path("offeredGradeLevels")));
            }
            case STUDENTS, STAFFS -> {
                boolean student = resource == Resource.STUDENTS;
                a.put("givenName", require(item, "firstName"));
                a.put("familyName", require(item, "lastSurname"));
                putIfPresent(a, "middleName", text(item, "middleName"));
                a.put("identifier", require(item, student ? "studentUniqueId" : "staffUniqueId"));
                putIfPresent(a, "username", text(item, "loginId"));
                a.put("enabledUser", "true");
                // Ed-Fi staffs carry no role; staff section associations make them teachers, so that is the default.
                a.put("roles", List.of(Map.of("roleType", "primary", "role", student ? "student" : "teacher")));
                putIfPresent(a, "birthDate", text(item, "birthDate"));
            }
            case STUDENT_SECTION_ASSOCIATIONS, STAFF_SECTION_ASSOCIATIONS -> {
                boolean student = resource == Resource.STUDENT_SECTION_ASSOCIATIONS;
                JsonNode section = item.path("sectionReference");
                String person = student ? text(item.path("studentReference"), "studentUniqueId")
                        : text(item.path("staffReference"), "staffUniqueId");
                if (person == null || text(section, "sectionIdentifier") == null) {
                    throw new IllegalArgumentException("lacks its person or section reference");
                }
                a.put("user", ref(personByKey(student ? "students" : "staffs", person), "user"));
                a.put("class", ref(text(section, "sectionIdentifier"), "class"));
                a.put("school", ref(orgId(section.path("schoolId").asLong(0), null), "org"));
                a.put("role", student ? "student" : "teacher");
                a.put("primary", String.valueOf(!student && "Teacher of Record".equals(descriptorCode(text(item, "classroomPositionDescriptor")))));
                putIfPresent(a, "beginDate", text(item, "beginDate"));
                putIfPresent(a, "endDate", text(item, "endDate"));
            }
            default -> throw new IllegalStateException(resource.name());
        }
        return new RosterRecord(resource.type, sourcedId, null, instant(text(item, "_lastModifiedDate")), text(item, "_etag"), a);
    }

    /** The record's fields back in Ed-Fi names for a write (students and staffs only). */
    static Map<String, String> toEdFiFields(Resource resource, Map<String, Object> canonical) {
        Map<String, String> fields = new LinkedHashMap<>();
        canonical.forEach((name, value) -> {
            String edfi = switch (name) {
                case "givenName" -> "firstName";
                case "familyName" -> "lastSurname";
                case "middleName" -> "middleName";
                case "birthDate" -> resource == Resource.STUDENTS ? "birthDate" : null;
                case "username" -> resource == Resource.STAFFS ? "loginId" : null;
                case "identifier" -> resource == Resource.STUDENTS ? "studentUniqueId" : "staffUniqueId";
                default -> null;
            };
            if (edfi == null) {
                throw new IllegalArgumentException("the field '" + name + "' cannot be written to Ed-Fi " + resource.path);
            }
            fields.put(edfi, value == null ? null : String.valueOf(value));
        });
        return fields;
    }

    private String courseOfOffering(JsonNode offering) {
        String key = "courseOf|" + offering;
        if (lookups.containsKey(key)) {
            return lookups.get(key);
        }
        JsonNode found = find("courseOfferings", Map.of("localCourseCode", offering.path("localCourseCode").asString(""),
                "schoolId", offering.path("schoolId").asString(""), "schoolYear", offering.path("schoolYear").asString(""),
                "sessionName", offering.path("sessionName").asString("")));
        String course = null;
        if (found != null) {
            JsonNode ref = found.path("courseReference");
            course = lookup("courses", Map.of("courseCode", ref.path("courseCode").asString(""),
                    "educationOrganizationId", ref.path("educationOrganizationId").asString("")));
        }
        lookups.put(key, course);
        return course;
    }

    /** The Ed-Fi id of the one item matching the query-by-example, cached for the operation; null when none. */
    private String lookup(String resource, Map<String, String> example) {
        String key = resource + "|" + new java.util.TreeMap<>(example);
        if (lookups.containsKey(key)) {
            return lookups.get(key);
        }
        JsonNode found = find(resource, example);
        String id = found == null ? null : text(found, "id");
        lookups.put(key, id);
        return id;
    }

    private JsonNode find(String resource, Map<String, String> example) {
        StringBuilder query = new StringBuilder(resource).append("?limit=2");
        example.forEach((k, v) -> query.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        JsonNode page = api.http().parse(api.get(server, server.resource(query.toString()), false), "Ed-Fi " + resource);
        return page.isArray() && page.size() == 1 ? page.get(0) : null;
    }

    // ------------------------------------------------------------------ helpers

    /** {@code uri://ed-fi.org/GradeLevelDescriptor#Fifth grade} → {@code 05}; unknown grades are left out. */
    static List<String> grades(JsonNode levels) {
        List<String> grades = new ArrayList<>();
        for (JsonNode level : levels) {
            String code = grade(text(level, "gradeLevelDescriptor"));
            if (code != null && !grades.contains(code)) {
                grades.add(code);
            }
        }
        return grades;
    }

    static String grade(String descriptor) {
        int index = GRADES.indexOf(descriptorCode(descriptor));
        return index < 0 ? null : CEDS.get(index);
    }

    static String descriptorCode(String descriptor) {
        if (descriptor == null) {
            return null;
        }
        int hash = descriptor.lastIndexOf('#');
        return hash < 0 ? descriptor : descriptor.substring(hash + 1);
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JRE", e);
        }
    }

    private static Map<String, Object> ref(String sourcedId, String type) {
        return Map.of("sourcedId", sourcedId, "type", type);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isString() && !value.asString().isBlank()) {
            return value.asString();
        }
        return value.isNumber() ? value.asString() : null;
    }

    private static String require(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("has no " + field);
        }
        return value;
    }

    private static void putIfPresent(Map<String, Object> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConnectorException("protocol", "an Ed-Fi _lastModifiedDate '" + value + "' is not an ISO-8601 date-time");
        }
    }

    /** The simulator's documented identifiers (sis-simulator README, "Ed-Fi ↔ OneRoster id mapping"). */
    static final class EdFiIdsMapping {
        static final long LOCAL_EDUCATION_AGENCY_ID = 255901;

        private EdFiIdsMapping() {
        }
    }
}
