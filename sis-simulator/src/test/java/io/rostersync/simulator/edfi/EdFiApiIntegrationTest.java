package io.rostersync.simulator.edfi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import com.atlassian.oai.validator.model.Request;

import tools.jackson.databind.JsonNode;

import io.rostersync.simulator.district.EntityType;

/** The Ed-Fi API as an ODS/API 7 client sees it; every data response is validated against the DS 5.0 specs. */
class EdFiApiIntegrationTest extends EdFiIntegrationTest {

    static final List<String> RESOURCES = List.of("schools", "students", "staffs", "sessions", "courses",
            "courseOfferings", "sections", "studentSchoolAssociations", "studentSectionAssociations",
            "staffSectionAssociations", "gradeLevelDescriptors", "termDescriptors", "sexDescriptors",
            "educationOrganizationCategoryDescriptors", "classroomPositionDescriptors",
            "courseIdentificationSystemDescriptors");

    @Test
    void everyServedResourceConformsToTheSpecAsCollectionAndById() {
        int operations = 0;
        for (String resource : RESOURCES) {
            String path = "/data/v3/ed-fi/" + resource;
            Reply list = edFi(path, "limit", "5");
            assertThat(list.status()).as(resource).isEqualTo(200);
            assertThat(list.json().size()).as(resource).isPositive();
            JsonNode first = list.json().get(0);
            assertThat(first.get("id").asString()).matches("[0-9a-f]{32}");
            assertThat(first.has("_etag")).isTrue();
            assertThat(first.has("_lastModifiedDate")).isTrue();
            Reply one = edFi(path + "/" + first.get("id").asString());
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json()).isEqualTo(first);
            operations += 2;
        }
        assertThat(operations).isEqualTo(32);
    }

    @Test
    void idsMatchTheOneRosterDistrict() {
        JsonNode student = edFi("/data/v3/ed-fi/students", "studentUniqueId", "S000001").json().get(0);
        assertThat(student.get("id").asString()).isEqualTo(EdFiIds.resourceId("students", "usr-000001"));
        JsonNode school = edFi("/data/v3/ed-fi/schools", "limit", "1").json().get(0);
        assertThat(school.get("schoolId").asLong()).isEqualTo(255901001L);
        assertThat(school.at("/localEducationAgencyReference/localEducationAgencyId").asLong()).isEqualTo(255901L);
        JsonNode section = edFi("/data/v3/ed-fi/sections", "sectionIdentifier", "cls-00001").json().get(0);
        assertThat(section.at("/courseOfferingReference/schoolId").asLong()).isEqualTo(255901001L);
        JsonNode ssa = edFi("/data/v3/ed-fi/studentSectionAssociations", "studentUniqueId", "S000001").json().get(0);
        assertThat(ssa.at("/studentReference/studentUniqueId").asString()).isEqualTo("S000001");
    }

    @Test
    void offsetPagingWithTotalCountAndLimitBounds() {
        long students = districts.current().all(EntityType.USERS)
                .filter(r -> ((io.rostersync.simulator.district.RosterRecord.Person) r).hasRole("student")).count();
        Reply page = edFi("/data/v3/ed-fi/students", "limit", "500", "totalCount", "true");
        assertThat(page.header("Total-Count")).isEqualTo(Long.toString(students));
        assertThat(page.json().size()).isEqualTo((int) students);
        assertThat(edFi("/data/v3/ed-fi/students").json().size()).isEqualTo(25);
        Reply tooMany = edFi("/data/v3/ed-fi/students", "limit", "501");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.headers().getContentType().toString()).contains("problem+json");
        assertThat(tooMany.json().get("type").asString()).isEqualTo("urn:ed-fi:api:bad-request");
    }

    @Test
    void keysetPagingWithPageTokensAndPartitionsReturnsEveryStudentOnce() {
        List<String> ids = new ArrayList<>();
        Reply page = edFi("/data/v3/ed-fi/students", "pageToken", EdFiController.encodeToken(null, null), "pageSize", "30");
        int pages = 1;
        while (true) {
            page.json().forEach(s -> ids.add(s.get("studentUniqueId").asString()));
            String next = page.header("Next-Page-Token");
            if (next == null) {
                break;
            }
            page = edFi("/data/v3/ed-fi/students", "pageToken", next, "pageSize", "30");
            pages++;
        }
        assertThat(pages).isEqualTo(7);
        assertThat(ids).hasSize(200).doesNotHaveDuplicates().isSorted();

        JsonNode tokens = get("/data/v3/ed-fi/students/partitions", token, "number", "3").json().get("pageTokens");
        assertThat(tokens).hasSize(3);
        Set<String> viaPartitions = new HashSet<>();
        for (JsonNode partition : tokens) {
            edFi("/data/v3/ed-fi/students", "pageToken", partition.asString(), "pageSize", "500").json()
                    .forEach(s -> assertThat(viaPartitions.add(s.get("studentUniqueId").asString())).isTrue());
        }
        assertThat(viaPartitions).hasSize(200);
    }

    @Test
    void aRetentionPurgeMovesOldestChangeVersionAndBadValuesAre400() {
        long newest = newestChangeVersion();
        JsonNode purged = reply(client.post().uri("/admin/edfi/change-retention").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"oldestChangeVersion\":" + newest + "}").exchange().expectBody().returnResult()).json();
        assertThat(purged.get("oldestChangeVersion").asLong()).isEqualTo(newest);
        Reply versions = edFi("/changeQueries/v1/availableChangeVersions");
        assertThat(versions.json().get("oldestChangeVersion").asLong()).isEqualTo(newest);
        assertThat(versions.json().get("newestChangeVersion").asLong()).isEqualTo(newest);

        client.post().uri("/admin/edfi/change-retention").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"oldestChangeVersion\":" + (newest + 2) + "}").exchange().expectStatus().isBadRequest();
        client.post().uri("/admin/edfi/change-retention").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"oldestChangeVersion\":-1}").exchange().expectStatus().isBadRequest();
        client.post().uri("/admin/edfi/change-retention").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isBadRequest();
    }

    @Test
    void changeQueriesSeeUpdatesDeletesAndKeyChanges() {
        Reply versions = get("/changeQueries/v1/availableChangeVersions", token);
        EdFiConformance.assertConforms(Request.Method.GET, "/changeQueries/v1/availableChangeVersions",
                versions.status(), versions.headers().getContentType().toString(), versions.raw());
        long before = versions.json().get("newestChangeVersion").asLong();
        assertThat(versions.json().get("oldestChangeVersion").asLong()).isZero();

        client.patch().uri("/admin/oneroster/users/usr-000002").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"familyName\":\"Changed\"}").exchange().expectStatus().isOk();
        client.delete().uri("/admin/oneroster/users/usr-000003").exchange().expectStatus().isOk();
        JsonNode rekey = reply(client.post().uri("/admin/edfi/students/usr-000004/rekey")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"studentUniqueId\":\"S-NEW-4\"}").exchange()
                .expectBody().returnResult()).json();
        long after = get("/changeQueries/v1/availableChangeVersions", token).json().get("newestChangeVersion").asLong();
        assertThat(after).isEqualTo(before + 3);
        assertThat(rekey.get("changeVersion").asLong()).isEqualTo(after);

        String min = Long.toString(before + 1);
        String max = Long.toString(after);
        Reply changed = edFi("/data/v3/ed-fi/students", "minChangeVersion", min, "maxChangeVersion", max);
        List<String> keys = new ArrayList<>();
        changed.json().forEach(s -> keys.add(s.get("studentUniqueId").asString()));
        assertThat(keys).containsExactly("S000002", "S-NEW-4");
        assertThat(changed.json().get(0).get("lastSurname").asString()).isEqualTo("Changed");

        JsonNode deletes = get("/data/v3/ed-fi/students/deletes", token, "minChangeVersion", min,
                "maxChangeVersion", max).json();
        assertThat(deletes).hasSize(1);
        assertThat(deletes.get(0).get("id").asString()).isEqualTo(EdFiIds.resourceId("students", "usr-000003"));
        assertThat(deletes.get(0).get("changeVersion").asLong()).isEqualTo(before + 2);
        assertThat(deletes.get(0).get("keyValues").get("studentUniqueId").asString()).isEqualTo("S000003");
        assertThat(edFi("/data/v3/ed-fi/students", "studentUniqueId", "S000003").json()).isEmpty();

        JsonNode keyChanges = get("/data/v3/ed-fi/students/keyChanges", token, "minChangeVersion", min,
                "totalCount", "true").json();
        assertThat(keyChanges).hasSize(1);
        JsonNode change = keyChanges.get(0);
        assertThat(change.get("id").asString()).isEqualTo(EdFiIds.resourceId("students", "usr-000004"));
        assertThat(change.get("changeVersion").asLong()).isEqualTo(after);
        assertThat(change.get("oldKeyValues").get("studentUniqueId").asString()).isEqualTo("S000004");
        assertThat(change.get("newKeyValues").get("studentUniqueId").asString()).isEqualTo("S-NEW-4");
        assertThat(get("/data/v3/ed-fi/students/keyChanges", token, "minChangeVersion", Long.toString(after + 1))
                .json()).isEmpty();
        // The OneRoster view shows the same changes.
        assertThat(oneRoster("/users/usr-000004", allScopesToken()).json().at("/user/identifier").asString())
                .isEqualTo("S-NEW-4");
    }

    @Test
    void postUpsertsByNaturalKeyAndPutDeleteHonourIfMatch() {
        String body = """
                {"studentUniqueId":"EDFI-1","firstName":"Ana","lastSurname":"Lima","birthDate":"2011-02-03"}""";
        Reply created = send(HttpMethod.POST, "/data/v3/ed-fi/students", body, null);
        assertThat(created.status()).isEqualTo(201);
        String location = created.header(HttpHeaders.LOCATION);
        assertThat(location).matches("/data/v3/ed-fi/students/[0-9a-f]{32}");
        Reply updated = send(HttpMethod.POST, "/data/v3/ed-fi/students", body.replace("Lima", "Lima Souza"), null);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header(HttpHeaders.LOCATION)).isEqualTo(location);

        JsonNode student = edFi(location).json();
        assertThat(student.get("lastSurname").asString()).isEqualTo("Lima Souza");
        assertThat(student.get("birthDate").asString()).isEqualTo("2011-02-03");
        String etag = student.get("_etag").asString();

        Reply stale = send(HttpMethod.PUT, location, body, "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.headers().getContentType().toString()).contains("problem+json");
        Reply put = send(HttpMethod.PUT, location, body.replace("Ana", "Ana Maria"), "\"" + etag + "\"");
        assertThat(put.status()).isEqualTo(204);
        String newEtag = edFi(location).json().get("_etag").asString();
        assertThat(newEtag).isNotEqualTo(etag);
        assertThat(send(HttpMethod.DELETE, location, null, "\"" + etag + "\"").status()).isEqualTo(412);
        assertThat(send(HttpMethod.DELETE, location, null, "\"" + newEtag + "\"").status()).isEqualTo(204);
        Reply gone = edFi(location);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("type").asString()).isEqualTo("urn:ed-fi:api:not-found");
        Reply withId = send(HttpMethod.POST, "/data/v3/ed-fi/students", body.replace("{", "{\"id\":\"x\","), null);
        assertThat(withId.status()).isEqualTo(400);
    }

    @Test
    void tokensAreCappedPerClientAndRequired() {
        assertThat(edFiToken(false).status()).isEqualTo(200);
        for (int i = 2; i < settings.edFi().maxTokensPerClient(); i++) {
            assertThat(edFiToken(true).status()).isEqualTo(200);
        }
        Reply capped = edFiToken(true);
        assertThat(capped.status()).isEqualTo(429);
        assertThat(capped.json().get("error").asString()).isEqualTo("too_many_tokens");

        Reply anonymous = get("/data/v3/ed-fi/students", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().getContentType().toString()).contains("problem+json");
        // A OneRoster token is not an Ed-Fi token.
        assertThat(get("/data/v3/ed-fi/students", allScopesToken()).status()).isEqualTo(401);
        assertThat(edFi("/data/v3/ed-fi/students").status()).isEqualTo(200);
    }
}
