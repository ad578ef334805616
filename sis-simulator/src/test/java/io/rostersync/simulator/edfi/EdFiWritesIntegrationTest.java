package io.rostersync.simulator.edfi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes to every served Ed-Fi resource, each response validated against the DS 5.0 spec: POST upserts by natural
 * key (201 new, 200 existing, Location and ETag), required properties (the spec's {@code required}) answer 400,
 * PUT honours {@code If-Match} and logs key changes where the ODS/API allows them, DELETE feeds {@code /deletes}.
 * Counts the spec operations of the served resources it covered.
 */
class EdFiWritesIntegrationTest extends EdFiIntegrationTest {

    private static final String ED_FI = "/data/v3/ed-fi/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Operations ("PUT /data/v3/ed-fi/schools/{id}") that answered a success that conforms to the spec. */
    private final Set<String> covered = new TreeSet<>();

    /**
     * How the walk-through writes one resource.
     *
     * @param newItem     a new item's body made from the first served item's body (may create what it references)
     * @param field       a top-level property that is not part of the key, and {@code value} a new value for it
     * @param keyChange   changes the natural key of a body
     * @param keyChanges  whether the resource allows PUT to change its natural key
     */
    private record Case(String resource, UnaryOperator<ObjectNode> newItem, String field,
            UnaryOperator<JsonNode> value, Consumer<ObjectNode> keyChange, boolean keyChanges) {
    }

    @Test
    void everyServedResourceTakesTheWriteProtocolAndEveryOperationConforms() {
        List<Case> cases = cases();
        assertThat(cases).extracting(Case::resource)
                .containsExactlyInAnyOrderElementsOf(EdFiApiIntegrationTest.RESOURCES);
        for (Case c : cases) {
            walkThrough(c);
        }
        List<String> all = new ArrayList<>();
        EdFiApiIntegrationTest.RESOURCES.forEach(r -> all.addAll(EdFiSpec.operations(r)));
        List<String> missing = all.stream().filter(op -> !covered.contains(op)).toList();
        System.out.printf("Ed-Fi DS 5.0 operations of the %d served resources covered with spec-validated successes: "
                + "%d of %d (plus GET /availableChangeVersions, 1 of 1)%n", EdFiApiIntegrationTest.RESOURCES.size(),
                all.size() - missing.size(), all.size());
        assertThat(missing).isEmpty();
        assertThat(all).hasSize(80);
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("schools", b -> put(b, "schoolId", 255901050L), "nameOfInstitution",
                v -> text("Ed-Fi Academy"), b -> put(b, "schoolId", 255901051L), false));
        cases.add(new Case("students", b -> put(b, "studentUniqueId", "EDFI-S-1"), "firstName", v -> text("Renamed"),
                b -> put(b, "studentUniqueId", b.get("studentUniqueId").asString() + "-K"), true));
        cases.add(new Case("staffs", b -> put(b, "staffUniqueId", "EDFI-T-1"), "firstName", v -> text("Renamed"),
                b -> put(b, "staffUniqueId", b.get("staffUniqueId").asString() + "-K"), true));
        cases.add(new Case("sessions", b -> put(b, "sessionName", "Summer Session"), "endDate",
                v -> text(LocalDate.parse(v.asString()).minusDays(1).toString()),
                b -> put(b, "sessionName", "Summer Session 2"), true));
        cases.add(new Case("courses", b -> put(b, "courseCode", "EDFI-C-1"), "courseTitle", v -> text("Robotics"),
                b -> put(b, "courseCode", "EDFI-C-2"), false));
        cases.add(new Case("courseOfferings", this::offeringOfANewCourse, "localCourseTitle",
                v -> text("Robotics (lab)"), b -> put(b, "localCourseCode", "EDFI-OTHER"), false));
        cases.add(new Case("sections", b -> put(b, "sectionIdentifier", "cls-edfi-1"), "sectionName",
                v -> text("Lab group A"), this::moveToAnotherOffering, true));
        cases.add(new Case("studentSchoolAssociations", this::associationOfANewStudent, "entryGradeLevelDescriptor",
                v -> text(v.asString().endsWith("#Tenth grade") ? EdFiDescriptors.gradeLevel("09")
                        : EdFiDescriptors.gradeLevel("10")),
                b -> shiftDate(b, "entryDate", 1), true));
        cases.add(new Case("studentSectionAssociations", b -> shiftDate(b, "beginDate", 1), "endDate",
                v -> text(LocalDate.parse(v.asString()).minusDays(10).toString()), b -> shiftDate(b, "beginDate", 2),
                true));
        cases.add(new Case("staffSectionAssociations", b -> shiftDate(b, "beginDate", 1), "classroomPositionDescriptor",
                v -> text(EdFiDescriptors.uri("classroomPositionDescriptors", "Assistant Teacher")),
                b -> shiftDate(b, "beginDate", 2), false));
        for (String descriptor : EdFiDescriptors.VALUES.keySet()) {
            cases.add(new Case(descriptor, b -> put(b, "codeValue", "Simulator Code"), "shortDescription",
                    v -> text("Short"), b -> put(b, "codeValue", "Simulator Code 2"), false));
        }
        return cases;
    }

    private void walkThrough(Case c) {
        String path = ED_FI + c.resource();
        assertThat(EdFiWriters.of(c.resource()).required()).as("required properties of %s", c.resource())
                .containsExactlyInAnyOrderElementsOf(EdFiSpec.required(c.resource()));
        Reply list = edFi(path, "limit", "1");
        assertThat(list.status()).as(path).isEqualTo(200);
        covered.add("GET " + path);

        // An item the district already has, posted back unchanged, is an update by natural key.
        JsonNode first = list.json().get(0);
        Reply same = send(HttpMethod.POST, path, strip(first).toString(), null);
        assertThat(same.status()).as("POST existing %s", c.resource()).isEqualTo(200);
        assertThat(same.header(HttpHeaders.LOCATION)).isEqualTo(path + "/" + first.get("id").asString());
        covered.add("POST " + path);

        long before = newestChangeVersion();
        ObjectNode body = c.newItem().apply(strip(first));
        Reply created = send(HttpMethod.POST, path, body.toString(), null);
        assertThat(created.status()).as("POST new %s: %s", c.resource(), created.raw()).isEqualTo(201);
        String location = created.header(HttpHeaders.LOCATION);
        assertThat(location).matches(path + "/[0-9a-f]{32}");
        String id = location.substring(location.lastIndexOf('/') + 1);
        JsonNode item = edFi(location).json();
        covered.add("GET " + path + "/{id}");
        assertThat(item.get("_etag").asString()).isEqualTo(etag(created));
        assertThat(Long.parseLong(etag(created))).isGreaterThan(before);
        assertThat(send(HttpMethod.POST, path, body.toString(), null).header(HttpHeaders.LOCATION))
                .as("the same natural key is the same item").isEqualTo(location);
        item = edFi(location).json();
        // The write is in the change feed connectors read.
        List<String> window = new ArrayList<>();
        edFi(path, "minChangeVersion", Long.toString(before + 1), "limit", "500").json()
                .forEach(i -> window.add(i.get("id").asString()));
        assertThat(window).contains(id);

        // Update through POST: same key, another value.
        ObjectNode updated = strip(item);
        JsonNode original = item.get(c.field());
        updated.set(c.field(), c.value().apply(original));
        Reply upserted = send(HttpMethod.POST, path, updated.toString(), null);
        assertThat(upserted.status()).as("POST update %s", c.resource()).isEqualTo(200);
        assertThat(upserted.header(HttpHeaders.LOCATION)).isEqualTo(location);
        JsonNode afterUpdate = edFi(location).json();
        assertThat(afterUpdate.get(c.field())).as(c.resource() + "." + c.field()).isEqualTo(updated.get(c.field()));
        assertThat(Long.parseLong(afterUpdate.get("_etag").asString()))
                .isGreaterThan(Long.parseLong(item.get("_etag").asString()));
        assertThat(Instant.parse(afterUpdate.get("_lastModifiedDate").asString()))
                .isAfter(Instant.parse(item.get("_lastModifiedDate").asString()));

        // Every property the spec requires is required.
        for (String required : EdFiSpec.required(c.resource())) {
            ObjectNode incomplete = strip(afterUpdate);
            incomplete.remove(required);
            Reply refused = send(HttpMethod.POST, path, incomplete.toString(), null);
            assertThat(refused.status()).as("POST %s without %s", c.resource(), required).isEqualTo(400);
            assertThat(refused.json().get("type").asString())
                    .isEqualTo("urn:ed-fi:api:bad-request:data-validation-failed");
            assertThat(refused.json().get("validationErrors").has("$." + required)).as(refused.raw()).isTrue();
        }

        // PUT: a stale If-Match is refused, the current one accepted.
        String current = afterUpdate.get("_etag").asString();
        ObjectNode back = strip(afterUpdate);
        back.set(c.field(), original);
        assertThat(send(HttpMethod.PUT, location, back.toString(), quoted(item.get("_etag").asString())).status())
                .isEqualTo(412);
        Reply replaced = send(HttpMethod.PUT, location, back.toString(), quoted(current));
        assertThat(replaced.status()).as("PUT %s: %s", c.resource(), replaced.raw()).isEqualTo(204);
        covered.add("PUT " + path + "/{id}");
        JsonNode afterPut = edFi(location).json();
        assertThat(afterPut.get(c.field())).isEqualTo(original);
        assertThat(afterPut.get("_etag").asString()).isEqualTo(etag(replaced));

        // PUT with another natural key: a logged key change where the ODS/API allows one, else refused.
        ObjectNode rekeyed = strip(afterPut);
        c.keyChange().accept(rekeyed);
        long beforeKeyChange = newestChangeVersion();
        Reply keyPut = send(HttpMethod.PUT, location, rekeyed.toString(), null);
        if (c.keyChanges()) {
            assertThat(keyPut.status()).as("key change of %s: %s", c.resource(), keyPut.raw()).isEqualTo(204);
            JsonNode rekeyedItem = edFi(location).json();
            JsonNode changes = get(path + "/keyChanges", token, "minChangeVersion", Long.toString(beforeKeyChange + 1))
                    .json();
            assertThat(changes).hasSize(1);
            JsonNode change = changes.get(0);
            assertThat(change.get("id").asString()).isEqualTo(id);
            assertThat(change.get("changeVersion").asString()).isEqualTo(rekeyedItem.get("_etag").asString());
            assertHasValues(afterPut, change.get("oldKeyValues"));
            assertHasValues(rekeyedItem, change.get("newKeyValues"));
            assertThat(change.get("newKeyValues")).isNotEqualTo(change.get("oldKeyValues"));
            afterPut = rekeyedItem;
        } else {
            assertThat(keyPut.status()).as("key change of %s", c.resource()).isEqualTo(400);
            assertThat(keyPut.json().get("type").asString())
                    .isEqualTo("urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported");
        }

        // DELETE: a stale If-Match is refused; the delete is in /deletes with the next change version.
        String etag = afterPut.get("_etag").asString();
        assertThat(send(HttpMethod.DELETE, location, null, quoted("1")).status()).isEqualTo(412);
        long beforeDelete = newestChangeVersion();
        assertThat(send(HttpMethod.DELETE, location, null, quoted(etag)).status()).isEqualTo(204);
        covered.add("DELETE " + path + "/{id}");
        assertThat(edFi(location).status()).isEqualTo(404);
        JsonNode deletes = get(path + "/deletes", token, "minChangeVersion", Long.toString(beforeDelete + 1)).json();
        assertThat(deletes).hasSize(1);
        assertThat(deletes.get(0).get("id").asString()).isEqualTo(id);
        assertThat(deletes.get(0).get("changeVersion").asLong()).isEqualTo(newestChangeVersion());
        assertHasValues(afterPut, deletes.get(0).get("keyValues"));
    }

    @Test
    void referencesToItemsThatDoNotExistAreConflicts() {
        long before = newestChangeVersion();
        ObjectNode section = strip(edFi(ED_FI + "sections", "limit", "1").json().get(0));
        section.put("sectionIdentifier", "cls-edfi-2");
        ((ObjectNode) section.get("courseOfferingReference")).put("sessionName", "No Such Session");
        Reply unresolved = send(HttpMethod.POST, ED_FI + "sections", section.toString(), null);
        assertThat(unresolved.status()).isEqualTo(409);
        assertThat(unresolved.json().get("type").asString()).isEqualTo("urn:ed-fi:api:conflict:unresolved-reference");

        ObjectNode enrollment = strip(edFi(ED_FI + "studentSectionAssociations", "limit", "1").json().get(0));
        ((ObjectNode) enrollment.get("studentReference")).put("studentUniqueId", "NOBODY");
        assertThat(send(HttpMethod.POST, ED_FI + "studentSectionAssociations", enrollment.toString(), null).status())
                .isEqualTo(409);
        assertThat(newestChangeVersion()).as("nothing half-written").isEqualTo(before);
    }

    @Test
    void edFiWritesAreWritesOfTheSameDistrictInOneRoster() {
        String oneRosterToken = allScopesToken();
        ObjectNode school = strip(edFi(ED_FI + "schools", "limit", "1").json().get(0));
        school.put("schoolId", 255901077L).put("nameOfInstitution", "Harbor View School");
        assertThat(send(HttpMethod.POST, ED_FI + "schools", school.toString(), null).status()).isEqualTo(201);
        assertThat(oneRoster("/schools/org-00077", oneRosterToken).json().at("/org/name").asString())
                .isEqualTo("Harbor View School");

        ObjectNode section = strip(edFi(ED_FI + "sections", "sectionIdentifier", "cls-00001").json().get(0));
        section.put("sectionIdentifier", "cls-edfi-3").put("sectionName", "Robotics Club");
        String location = send(HttpMethod.POST, ED_FI + "sections", section.toString(), null)
                .header(HttpHeaders.LOCATION);
        JsonNode clazz = oneRoster("/classes/cls-edfi-3", oneRosterToken).json().get("class");
        assertThat(clazz.get("title").asString()).isEqualTo("Robotics Club");
        assertThat(clazz.at("/course/sourcedId").asString()).isEqualTo(oneRoster("/classes/cls-00001", oneRosterToken)
                .json().at("/class/course/sourcedId").asString());

        assertThat(send(HttpMethod.DELETE, location, null, null).status()).isEqualTo(204);
        assertThat(oneRoster("/classes/cls-edfi-3", oneRosterToken).json().at("/class/status").asString())
                .isEqualTo("tobedeleted");
    }

    @Test
    void aSessionWrittenForOneSchoolBelongsToThatSchoolOnly() {
        ObjectNode session = strip(edFi(ED_FI + "sessions", "schoolId", "255901001", "limit", "1").json().get(0));
        session.put("sessionName", "Summer Bridge");
        assertThat(send(HttpMethod.POST, ED_FI + "sessions", session.toString(), null).status()).isEqualTo(201);
        assertThat(edFi(ED_FI + "sessions", "sessionName", "Summer Bridge").json()).hasSize(1);
        assertThat(edFi(ED_FI + "sessions", "sessionName", "Summer Bridge", "schoolId", "255901002").json()).isEmpty();
        // while the generated calendar is every school's
        String fall = edFi(ED_FI + "sessions", "schoolId", "255901001").json().get(1).get("sessionName").asString();
        assertThat(edFi(ED_FI + "sessions", "sessionName", fall).json()).hasSize(2);
    }

    @Test
    void aStudentHasOneSchoolAssociationWhichPutMovesToAnotherSchool() {
        JsonNode association = edFi(ED_FI + "studentSchoolAssociations", "studentUniqueId", "S000001").json().get(0);
        ObjectNode second = strip(association);
        ((ObjectNode) second.get("schoolReference")).put("schoolId", 255901002L);
        Reply refused = send(HttpMethod.POST, ED_FI + "studentSchoolAssociations", second.toString(), null);
        assertThat(refused.status()).isEqualTo(409);

        long before = newestChangeVersion();
        String location = ED_FI + "studentSchoolAssociations/" + association.get("id").asString();
        assertThat(send(HttpMethod.PUT, location, second.toString(), null).status()).isEqualTo(204);
        assertThat(edFi(location).json().at("/schoolReference/schoolId").asLong()).isEqualTo(255901002L);
        JsonNode change = get(ED_FI + "studentSchoolAssociations/keyChanges", token, "minChangeVersion",
                Long.toString(before + 1)).json().get(0);
        assertThat(change.at("/oldKeyValues/schoolId").asLong()).isEqualTo(255901001L);
        assertThat(change.at("/newKeyValues/schoolId").asLong()).isEqualTo(255901002L);
        // The student's primary school moved in OneRoster too.
        assertThat(oneRoster("/users/usr-000001", allScopesToken()).json().at("/user/primaryOrg/sourcedId").asString())
                .isEqualTo("org-00002");
    }

    // ------------------------------------------------------------------ cases that need other items first

    /** A course offering of a course created for it, in the first offering's school and session. */
    private ObjectNode offeringOfANewCourse(ObjectNode offering) {
        JsonNode course = edFi(ED_FI + "courses", "courseCode", offering.at("/courseReference/courseCode").asString())
                .json().get(0);
        ObjectNode newCourse = strip(course);
        newCourse.put("courseCode", "EDFI-OFF-1");
        assertThat(send(HttpMethod.POST, ED_FI + "courses", newCourse.toString(), null).status()).isEqualTo(201);
        ((ObjectNode) offering.get("courseReference")).put("courseCode", "EDFI-OFF-1");
        return put(offering, "localCourseCode", "EDFI-OFF-1");
    }

    /** The first association's school for a student created for it (a new student has no school yet). */
    private ObjectNode associationOfANewStudent(ObjectNode association) {
        ObjectNode student = strip(edFi(ED_FI + "students", "limit", "1").json().get(0));
        student.put("studentUniqueId", "EDFI-SSA-1");
        assertThat(send(HttpMethod.POST, ED_FI + "students", student.toString(), null).status()).isEqualTo(201);
        ((ObjectNode) association.get("studentReference")).put("studentUniqueId", "EDFI-SSA-1");
        return association;
    }

    /** Points a section at another offering of its school. */
    private void moveToAnotherOffering(ObjectNode section) {
        JsonNode reference = section.get("courseOfferingReference");
        for (JsonNode offering : edFi(ED_FI + "courseOfferings", "schoolId", reference.get("schoolId").asString(),
                "limit", "100").json()) {
            boolean other = !offering.get("localCourseCode").equals(reference.get("localCourseCode"))
                    || !offering.at("/sessionReference/sessionName").equals(reference.get("sessionName"));
            if (other) {
                ObjectNode moved = NODES.objectNode();
                moved.set("localCourseCode", offering.get("localCourseCode"));
                moved.set("schoolId", offering.at("/schoolReference/schoolId"));
                moved.set("schoolYear", offering.at("/sessionReference/schoolYear"));
                moved.set("sessionName", offering.at("/sessionReference/sessionName"));
                section.set("courseOfferingReference", moved);
                return;
            }
        }
        throw new AssertionError("no other offering in the school");
    }

    // ------------------------------------------------------------------ helpers

    /** Every key value is the item's, at the top level or inside one of its references. */
    static void assertHasValues(JsonNode item, JsonNode keyValues) {
        assertThat(keyValues.isObject()).isTrue();
        keyValues.properties().forEach(e -> {
            boolean found = item.has(e.getKey()) && item.get(e.getKey()).asString().equals(e.getValue().asString())
                    || item.valueStream().filter(JsonNode::isObject).map(ref -> ref.get(e.getKey()))
                            .anyMatch(v -> v != null && v.asString().equals(e.getValue().asString()));
            assertThat(found).as("%s=%s in %s", e.getKey(), e.getValue(), item).isTrue();
        });
    }

    static ObjectNode strip(JsonNode item) {
        ObjectNode body = (ObjectNode) item.deepCopy();
        body.remove(List.of("id", "_etag", "_lastModifiedDate"));
        return body;
    }

    private static ObjectNode put(ObjectNode body, String field, Object value) {
        if (value instanceof Long l) {
            body.put(field, l);
        } else {
            body.put(field, value.toString());
        }
        return body;
    }

    private static ObjectNode shiftDate(ObjectNode body, String field, int days) {
        return put(body, field, LocalDate.parse(body.get(field).asString()).plusDays(days).toString());
    }

    private static JsonNode text(String value) {
        return NODES.stringNode(value);
    }

    private static String etag(Reply reply) {
        return reply.header(HttpHeaders.ETAG).replace("\"", "");
    }

    private static String quoted(String etag) {
        return "\"" + etag + "\"";
    }
}
