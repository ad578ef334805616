package io.rostersync.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.core.JacksonException;

import io.rostersync.simulator.SimulatorIntegrationTest;

/** Each fault kind of {@code /admin/faults} rules, observed by a real HTTP client. */
class FaultRulesIntegrationTest extends SimulatorIntegrationTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void heal() {
        client.delete().uri("/admin/faults").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.rules.length()").isEqualTo(0);
    }

    private void rules(String rulesJson) {
        client.put().uri("/admin/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"rules\":" + rulesJson + "}").exchange().expectStatus().isOk();
    }

    private HttpResponse<String> raw(String path, String token, Duration timeout) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(timeout);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusRuleAnswers429WithRetryAfterForMatchingPathsOnlyAndCountsDown() {
        String token = allScopesToken();
        rules("[{\"pathPattern\":\"/ims/oneroster/rostering/v1p2/users/**\",\"kind\":\"status\",\"status\":429,"
                + "\"retryAfterSeconds\":7,\"count\":2}]");
        Reply first = oneRoster("/users", token);
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("7");
        assertThat(oneRoster("/classes", token).status()).isEqualTo(200);
        assertThat(oneRoster("/users/usr-000001", token).status()).isEqualTo(429);
        assertThat(oneRoster("/users", token).status()).isEqualTo(200);
        client.get().uri("/admin/faults").exchange().expectBody().jsonPath("$.rules[0].remaining").isEqualTo(0)
                .jsonPath("$.rules[0].applied").isEqualTo(2).jsonPath("$.rules[0].kind").isEqualTo("status");
    }

    @Test
    void serverErrorsOnEdFiPathsAreProblemDetails() {
        rules("[{\"pathPattern\":\"/data/v3/**\",\"kind\":\"status\",\"status\":503,\"count\":1}]");
        Reply reply = get("/data/v3/ed-fi/students", null);
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.headers().getContentType().toString()).contains("problem+json");
        assertThat(reply.json().get("status").asInt()).isEqualTo(503);
        assertThat(get("/data/v3/ed-fi/students", null).status()).isEqualTo(401); // rule used up, auth runs again
    }

    @Test
    void statusCodesWithoutASpringConstantWork() {
        rules("[{\"pathPattern\":\"/changeQueries/**\",\"kind\":\"status\",\"status\":520,\"count\":1}]");
        Reply reply = get("/changeQueries/v1/availableChangeVersions", null);
        assertThat(reply.status()).isEqualTo(520);
        assertThat(reply.json().get("type").asString()).isEqualTo("urn:ed-fi:api:system");
    }

    @Test
    void latencyRuleDelaysTheRealResponse() throws Exception {
        String token = allScopesToken();
        rules("[{\"pathPattern\":\"/ims/oneroster/**\",\"kind\":\"latency\",\"latencyMillis\":600}]");
        long started = System.nanoTime();
        HttpResponse<String> response = raw(BASE + "/orgs", token, Duration.ofSeconds(10));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void timeoutRuleOutlastsTheClientsReadTimeout() {
        String token = allScopesToken();
        rules("[{\"pathPattern\":\"/ims/oneroster/**\",\"kind\":\"timeout\",\"latencyMillis\":5000,\"count\":1}]");
        assertThatThrownBy(() -> raw(BASE + "/orgs", token, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void resetRuleClosesTheConnectionWithoutAResponse() throws Exception {
        String token = allScopesToken();
        rules("[{\"pathPattern\":\"/ims/oneroster/**\",\"kind\":\"reset\"}]");
        assertThatThrownBy(() -> raw(BASE + "/users", token, Duration.ofSeconds(10))).isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        // the server itself is fine: admin and unmatched paths still answer
        assertThat(raw("/admin/district", null, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonRuleSendsATruncatedBody() throws Exception {
        String token = allScopesToken();
        rules("[{\"pathPattern\":\"/ims/oneroster/rostering/v1p2/users\",\"kind\":\"malformed-json\",\"count\":1}]");
        HttpResponse<String> response = raw(BASE + "/users", token, Duration.ofSeconds(10));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .contains("application/json"));
        assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(JacksonException.class);
    }

    @Test
    void noPagingHeadersRuleDropsTotalCountAndLink() {
        String token = allScopesToken();
        rules("[{\"pathPattern\":\"/ims/oneroster/**\",\"kind\":\"no-paging-headers\",\"count\":1}]");
        Reply stripped = get(BASE + "/users", token, "limit", "10");
        assertThat(stripped.status()).isEqualTo(200);
        assertThat(stripped.json().get("users")).hasSize(10);
        assertThat(stripped.header("X-Total-Count")).isNull();
        assertThat(stripped.header("Link")).isNull();
        Reply normal = get(BASE + "/users", token, "limit", "10");
        assertThat(normal.header("X-Total-Count")).isEqualTo("214");
        assertThat(normal.header("Link")).contains("rel=\"next\"");
    }

    @Test
    void emptyNextPageRuleLinksTheLastPageToAnEmptyOne() {
        String token = allScopesToken();
        rules("[{\"pathPattern\":\"/ims/oneroster/**\",\"kind\":\"empty-next-page\"}]");
        Reply last = get(BASE + "/users", token, "limit", "100", "offset", "200");
        assertThat(last.json().get("users")).hasSize(14);
        String link = last.header("Link");
        assertThat(link).contains("rel=\"next\"").contains("offset=214");
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        Reply empty = reply(client.get().uri(URI.create(next)).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().returnResult());
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().get("users")).isEmpty();
    }

    @Test
    void tokenExpiryRuleMakesNewTokensStopWorkingMidRun() {
        String before = allScopesToken();
        rules("[{\"kind\":\"token-expiry\",\"tokenMaxRequests\":2}]");
        String limited = allScopesToken();
        assertThat(oneRoster("/orgs", limited).status()).isEqualTo(200);
        assertThat(oneRoster("/orgs", limited).status()).isEqualTo(200);
        Reply expired = oneRoster("/orgs", limited);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(oneRoster("/orgs", before).status()).isEqualTo(200); // tokens issued earlier keep working

        String basic = Base64.getEncoder().encodeToString("rostersync-demo:demo-secret".getBytes());
        byte[] edfi = client.post().uri("/oauth/token").header("Authorization", "Basic " + basic)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        String edfiToken = JSON.readTree(edfi).get("access_token").asString();
        assertThat(get("/data/v3/ed-fi/schools", edfiToken).status()).isEqualTo(200);
        assertThat(get("/data/v3/ed-fi/schools", edfiToken).status()).isEqualTo(200);
        assertThat(get("/data/v3/ed-fi/schools", edfiToken).status()).isEqualTo(401);
    }

    @Test
    void tokenLifetimeCanBeShortened() {
        client.put().uri("/admin/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"rules\":[{\"kind\":\"token-expiry\",\"tokenLifetimeSeconds\":1}]}").exchange()
                .expectStatus().isOk();
        byte[] body = client.post().uri("/oauth2/token")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "rostersync-demo:demo-secret".getBytes()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(JSON.readTree(body).get("expires_in").asLong()).isLessThanOrEqualTo(1);
    }

    @Test
    void legacyPlanStillWorksAndInvalidRulesAreRejected() {
        client.put().uri("/admin/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"failNext\":1,\"status\":503}").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.failNext").isEqualTo(1).jsonPath("$.rules.length()").isEqualTo(0);
        client.put().uri("/admin/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"rules\":[{\"kind\":\"explode\"}]}").exchange().expectStatus().isBadRequest();
        client.put().uri("/admin/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"rules\":[{\"pathPattern\":\"/a/**/b\",\"kind\":\"reset\"}]}").exchange()
                .expectStatus().isBadRequest();
        client.put().uri("/admin/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"rules\":[{\"kind\":\"token-expiry\"}]}").exchange().expectStatus().isBadRequest();
    }
}
