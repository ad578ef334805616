package io.rostersync.simulator.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

import io.rostersync.simulator.OneRosterConformance;
import io.rostersync.simulator.SimulatorIntegrationTest;
import io.rostersync.simulator.auth.OneRosterScopes;
import io.rostersync.simulator.district.EntityType;

/** The rostering API as a OneRoster client sees it. Every response is checked against the official spec. */
class OneRosterApiIntegrationTest extends SimulatorIntegrationTest {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>; rel=\"([a-z]+)\"");

    private static List<String> ids(Reply reply, String wrapper) {
        List<String> ids = new ArrayList<>();
        reply.json().get(wrapper).forEach(r -> ids.add(r.get("sourcedId").asString()));
        return ids;
    }

    private static String link(Reply reply, String rel) {
        String header = reply.header("Link");
        if (header == null) {
            return null;
        }
        Matcher m = LINK.matcher(header);
        while (m.find()) {
            if (m.group(2).equals(rel)) {
                return m.group(1);
            }
        }
        return null;
    }

    @Test
    void pagingThroughUsersReturnsEveryRecordExactlyOnce() {
        String token = allScopesToken();
        long expected = districts.current().count(EntityType.USERS);
        List<String> seen = new ArrayList<>();
        Reply page = oneRoster("/users", token, "limit", "30");
        int pages = 1;
        assertThat(link(page, "prev")).isNull();
        assertThat(link(page, "first")).contains("offset=0").contains("limit=30");
        assertThat(link(page, "last")).contains("offset=210");
        while (true) {
            assertThat(page.header("X-Total-Count")).isEqualTo(Long.toString(expected));
            seen.addAll(ids(page, "users"));
            String next = link(page, "next");
            if (next == null) {
                break;
            }
            String query = next.substring(next.indexOf('?') + 1);
            String limit = query.replaceAll(".*limit=(\\d+).*", "$1");
            String offset = query.replaceAll(".*offset=(\\d+).*", "$1");
            page = oneRoster("/users", token, "limit", limit, "offset", offset);
            pages++;
            assertThat(link(page, "prev")).isNotNull();
        }
        assertThat(pages).isEqualTo(8);
        assertThat(seen).hasSize((int) expected).doesNotHaveDuplicates().isSorted();
        assertThat(seen).contains("usr-000001", "usr-000200", "usr-t00001", "usr-a00001");
    }

    @Test
    void defaultPageIsOneHundredAndBeyondTheEndIsEmptyWithoutNext() {
        String token = allScopesToken();
        assertThat(oneRoster("/users", token).json().get("users")).hasSize(100);
        Reply beyond = oneRoster("/users", token, "offset", "5000");
        assertThat(beyond.json().get("users")).isEmpty();
        assertThat(link(beyond, "next")).isNull();
        assertThat(beyond.header("X-Total-Count")).isEqualTo("214");
    }

    @Test
    void filterOperatorsSelectTheRightRecords() {
        String token = allScopesToken();
        assertThat(ids(oneRoster("/users", token, "filter", "sourcedId='usr-000007'"), "users"))
                .containsExactly("usr-000007");
        assertThat(ids(oneRoster("/users", token, "filter", "sourcedId<='usr-000003'"), "users"))
                .containsExactly("usr-000001", "usr-000002", "usr-000003");
        assertThat(ids(oneRoster("/users", token, "filter", "sourcedId>'usr-t00010'"), "users"))
                .containsExactly("usr-t00011", "usr-t00012");
        assertThat(ids(oneRoster("/users", token, "filter", "sourcedId>='usr-t00012'"), "users"))
                .containsExactly("usr-t00012");
        assertThat(ids(oneRoster("/users", token, "filter", "sourcedId<'usr-000002'"), "users"))
                .containsExactly("usr-000001");
        Reply notStudents = oneRoster("/users", token, "filter", "roles.role!='student'", "limit", "1000");
        assertThat(notStudents.json().get("users")).hasSize(14);
        Reply contains = oneRoster("/classes", token, "filter", "title~'MATHEMATICS'");
        contains.json().get("classes").forEach(c -> assertThat(c.get("title").asString()).contains("Mathematics"));
        assertThat(contains.json().get("classes")).isNotEmpty();

        Reply and = oneRoster("/enrollments", token, "filter", "class.sourcedId='cls-00001' AND role='teacher'");
        assertThat(and.json().get("enrollments")).hasSize(1);
        assertThat(and.json().get("enrollments").get(0).get("user").get("sourcedId").asString()).isEqualTo("usr-t00001");
        Reply or = oneRoster("/users", token, "filter", "sourcedId='usr-000001' OR sourcedId='usr-a00002'");
        assertThat(ids(or, "users")).containsExactly("usr-000001", "usr-a00002");
        assertThat(or.header("X-Total-Count")).isEqualTo("2");
    }

    @Test
    void incrementalFilterOnDateLastModifiedComparesInstants() {
        String token = allScopesToken();
        JsonNode user = oneRoster("/users/usr-000010", token).json().get("user");
        Instant modified = Instant.parse(user.get("dateLastModified").asString());
        assertThat(user.get("dateLastModified").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        // Same instant written without milliseconds and with an offset: must not be "greater".
        String sameInstantOtherSpelling = modified.atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        List<String> after = ids(oneRoster("/users", token, "filter", "dateLastModified>'" + sameInstantOtherSpelling + "'",
                "limit", "1000"), "users");
        List<String> atOrAfter = ids(oneRoster("/users", token, "filter",
                "dateLastModified>='" + sameInstantOtherSpelling + "'", "limit", "1000"), "users");
        assertThat(after).doesNotContain("usr-000010");
        assertThat(atOrAfter).contains("usr-000010");
        assertThat(atOrAfter).hasSize(after.size() + (int) districts.current().all(EntityType.USERS)
                .filter(r -> r.meta().lastModified().equals(modified)).count());
    }

    @Test
    void adminChangesShowUpInTheIncrementalFeedAndNothingElseDoes() {
        String token = allScopesToken();
        String since = Instant.now().toString();
        assertThat(oneRoster("/users", token, "filter", "dateLastModified>'" + since + "'").json().get("users"))
                .isEmpty();
        JsonNode changed = client.post().uri("/admin/changes").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"entityType\":\"users\",\"count\":5}").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> changedIds = new ArrayList<>();
        changed.get("sourcedIds").forEach(id -> changedIds.add(id.asString()));
        assertThat(changedIds).hasSize(5);
        Reply feed = oneRoster("/users", token, "filter", "dateLastModified>'" + since + "'");
        assertThat(ids(feed, "users")).containsExactlyInAnyOrderElementsOf(changedIds);
        assertThat(feed.header("X-Total-Count")).isEqualTo("5");
    }

    @Test
    void softDeleteIsPublishedAsToBeDeleted() {
        String token = allScopesToken();
        String since = Instant.now().toString();
        client.delete().uri("/admin/oneroster/enrollments/enr-0000030").exchange().expectStatus().isOk();
        Reply feed = oneRoster("/enrollments", token, "filter", "dateLastModified>'" + since + "'");
        assertThat(ids(feed, "enrollments")).containsExactly("enr-0000030");
        assertThat(feed.json().get("enrollments").get(0).get("status").asString()).isEqualTo("tobedeleted");
        assertThat(oneRoster("/enrollments/enr-0000030", token).json().get("enrollment").get("status").asString())
                .isEqualTo("tobedeleted");
        assertThat(oneRoster("/enrollments", token, "filter", "status='tobedeleted'").header("X-Total-Count"))
                .isEqualTo("1");
    }

    @Test
    void sortOrdersByTheFieldAndOrderByReverses() {
        String token = allScopesToken();
        List<String> asc = new ArrayList<>();
        oneRoster("/users", token, "sort", "familyName", "limit", "1000").json().get("users")
                .forEach(u -> asc.add(u.get("familyName").asString()));
        assertThat(asc).hasSize(214).isSorted();
        List<String> desc = new ArrayList<>();
        oneRoster("/users", token, "sort", "familyName", "orderBy", "desc", "limit", "1000").json().get("users")
                .forEach(u -> desc.add(u.get("familyName").asString()));
        assertThat(desc).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<Instant> byDate = new ArrayList<>();
        oneRoster("/enrollments", token, "sort", "dateLastModified", "limit", "1000").json().get("enrollments")
                .forEach(e -> byDate.add(Instant.parse(e.get("dateLastModified").asString())));
        assertThat(byDate).hasSize(624).isSorted();
    }

    @Test
    void fieldsSelectOnlyTheNamedProperties() {
        String token = allScopesToken();
        Reply reply = oneRoster(OneRosterConformance.forFieldSelection(), "/users", token, "fields",
                "sourcedId,givenName", "limit", "3");
        for (JsonNode user : reply.json().get("users")) {
            Set<String> names = new HashSet<>(user.propertyNames());
            assertThat(names).containsExactlyInAnyOrder("sourcedId", "givenName");
        }
        JsonNode single = oneRoster(OneRosterConformance.forFieldSelection(), "/classes/cls-00002", token, "fields",
                "title").json().get("class");
        assertThat(single.propertyNames()).containsExactly("title");
    }

    @Test
    void requestsWithoutAValidTokenAre401() {
        Reply missing = oneRoster("/users", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(missing.json().at("/imsx_CodeMinor/imsx_codeMinorField/0/imsx_codeMinorFieldValue").asString())
                .isEqualTo("unauthorisedrequest");
        assertThat(oneRoster("/users", "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void tokensWithoutTheNeededScopeAre403() {
        String demographicsOnly = token(OneRosterScopes.DEMOGRAPHICS);
        assertThat(oneRoster("/users", demographicsOnly).status()).isEqualTo(403);
        assertThat(oneRoster("/demographics", demographicsOnly).status()).isEqualTo(200);
        String core = token(OneRosterScopes.ROSTER_CORE);
        Reply forbidden = oneRoster("/demographics/usr-000001", core);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("imsx_codeMajor").asString()).isEqualTo("failure");
        assertThat(oneRoster("/classes", core).status()).isEqualTo(200);
        assertThat(oneRoster("/classes", token(OneRosterScopes.ROSTER)).status()).isEqualTo(200);
    }

    @Test
    void unknownIdsAre404() {
        String token = allScopesToken();
        Reply missing = oneRoster("/users/usr-999999", token);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/imsx_CodeMinor/imsx_codeMinorField/0/imsx_codeMinorFieldValue").asString())
                .isEqualTo("unknownobject");
        // A teacher is a user but not a student.
        assertThat(oneRoster("/students/usr-t00001", token).status()).isEqualTo(404);
        assertThat(oneRoster("/schools/org-00000", token).status()).isEqualTo(404);
        assertThat(oneRoster("/classes/cls-99999/students", token).status()).isEqualTo(404);
    }

    @Test
    void badParametersAre400() {
        String token = allScopesToken();
        Reply badField = oneRoster("/users", token, "filter", "shoeSize='9'");
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.json().at("/imsx_CodeMinor/imsx_codeMinorField/0/imsx_codeMinorFieldValue").asString())
                .isEqualTo("invalid_filter_field");
        assertThat(oneRoster("/users", token, "filter", "givenName='a' AND familyName='b' AND email='c'").status())
                .isEqualTo(400);
        assertThat(oneRoster("/users", token, "filter", "givenName=unquoted").status()).isEqualTo(400);
        assertThat(oneRoster("/users", token, "filter", "dateLastModified>'yesterday'").status()).isEqualTo(400);
        Reply badSelection = oneRoster("/users", token, "fields", "sourcedId,shoeSize");
        assertThat(badSelection.status()).isEqualTo(400);
        assertThat(badSelection.json().at("/imsx_CodeMinor/imsx_codeMinorField/0/imsx_codeMinorFieldValue")
                .asString()).isEqualTo("invalid_selection_field");
        assertThat(oneRoster("/users", token, "limit", "0").status()).isEqualTo(400);
        assertThat(oneRoster("/users", token, "offset", "minus-one").status()).isEqualTo(400);
        assertThat(oneRoster("/users", token, "sort", "shoeSize").status()).isEqualTo(400);
    }

    @Test
    void nestedCollectionsFollowTheRelationships() {
        String token = allScopesToken();
        List<String> teachers = ids(oneRoster("/classes/cls-00001/teachers", token), "users");
        assertThat(teachers).containsExactly("usr-t00001");
        List<String> students = ids(oneRoster("/schools/org-00001/classes/cls-00001/students", token), "users");
        assertThat(students).isNotEmpty().allMatch(id -> id.matches("usr-\\d{6}"));
        for (String student : students) {
            assertThat(ids(oneRoster("/students/" + student + "/classes", token), "classes")).contains("cls-00001");
        }
        assertThat(ids(oneRoster("/terms/ses-0101/gradingPeriods", token), "academicSessions"))
                .containsExactly("ses-0201", "ses-0202");
        assertThat(oneRoster("/schools/org-00002/classes/cls-00001/enrollments", token).status()).isEqualTo(404);
    }
}
