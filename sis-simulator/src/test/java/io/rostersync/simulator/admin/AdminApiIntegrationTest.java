package io.rostersync.simulator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

import io.rostersync.simulator.SimulatorIntegrationTest;

class AdminApiIntegrationTest extends SimulatorIntegrationTest {

    private Reply send(String method, String path, String json) {
        var spec = client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path);
        if (json != null) {
            return reply(spec.contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange().expectBody()
                    .returnResult());
        }
        return reply(spec.exchange().expectBody().returnResult());
    }

    @Test
    void summaryReportsSeedAndCountsAndRegenerateChangesThem() {
        Reply summary = send("GET", "/admin/district", null);
        assertThat(summary.json().get("seed").asLong()).isEqualTo(42);
        assertThat(summary.json().at("/counts/users").asLong()).isEqualTo(214);
        Reply regenerated = send("POST", "/admin/district/regenerate", "{\"seed\":7,\"students\":50}");
        assertThat(regenerated.status()).isEqualTo(200);
        assertThat(regenerated.json().get("seed").asLong()).isEqualTo(7);
        assertThat(regenerated.json().at("/counts/demographics").asLong()).isEqualTo(50);
        assertThat(send("GET", "/admin/district", null).json().at("/counts/users").asLong()).isEqualTo(64);
    }

    @Test
    void invalidSizesAreProblemDetails() {
        Reply reply = send("POST", "/admin/district/regenerate", "{\"schools\":0}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.headers().getContentType().toString()).contains("problem+json");
        assertThat(reply.json().get("detail").asString()).contains("schools");
    }

    @Test
    void createThenUpdateThroughPostAndPatch() {
        String user = """
                {"sourcedId":"usr-new-1","status":"active","enabledUser":"true","givenName":"New","familyName":"Kid",
                 "roles":[{"roleType":"primary","role":"student","org":{"sourcedId":"org-00001"}}],
                 "grades":["09"],"email":"new.kid@example.org"}""";
        Reply created = send("POST", "/admin/oneroster/users", user);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("dateLastModified").asString()).startsWith("20");
        assertThat(created.json().at("/roles/0/org/href").asString()).endsWith("/orgs/org-00001");
        assertThat(send("POST", "/admin/oneroster/users", user).status()).isEqualTo(200);

        Reply patched = send("PATCH", "/admin/oneroster/users/usr-new-1", "{\"familyName\":\"Renamed\",\"email\":null}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("familyName").asString()).isEqualTo("Renamed");
        assertThat(patched.json().has("email")).isFalse();
        assertThat(patched.json().get("dateLastModified").asString())
                .isGreaterThan(created.json().get("dateLastModified").asString());
        assertThat(districts.current().find(io.rostersync.simulator.district.EntityType.USERS, "usr-new-1"))
                .isPresent();
    }

    @Test
    void missingRequiredFieldsAndUnknownThingsAreRejected() {
        Reply invalid = send("POST", "/admin/oneroster/users", "{\"sourcedId\":\"x\",\"givenName\":\"A\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("detail").asString()).contains("familyName");
        assertThat(send("DELETE", "/admin/oneroster/users/usr-nobody", null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/admin/oneroster/widgets/x", null).status()).isEqualTo(404);
        assertThat(send("POST", "/admin/changes", "{\"entityType\":\"users\",\"count\":0}").status()).isEqualTo(400);
    }

    @Test
    void randomChangesAreReproducibleForASeed() {
        JsonNode first = send("POST", "/admin/changes", "{\"entityType\":\"classes\",\"count\":4}").json();
        districts.regenerate(settings.district());
        JsonNode again = send("POST", "/admin/changes", "{\"entityType\":\"classes\",\"count\":4}").json();
        assertThat(first.get("sourcedIds")).hasSize(4).isEqualTo(again.get("sourcedIds"));
        JsonNode next = send("POST", "/admin/changes", "{\"entityType\":\"classes\",\"count\":4}").json();
        assertThat(next.get("sourcedIds")).isNotEqualTo(first.get("sourcedIds"));
    }
}
