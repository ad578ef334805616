package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.EventCodec;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Integration Hub's connection test runs on the real connector against the simulator. */
class IntegrationHubEndToEndTest {

    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();

    private final StackHttp api = new StackHttp(StackFixture.stack());

    @BeforeAll
    static void startStack() {
        stack = StackFixture.stack();
    }

    @Test
    void testingTheDemoConnectionAuthenticatesAndReportsWhatTheSisDeclares() throws Exception {
        HttpResponse<String> response = post("/api/integrations/" + StackFixture.INTEGRATION + "/test-connection", "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode check = json.readTree(response.body());
        assertThat(check.get("authenticated").asBoolean()).isTrue();
        assertThat(check.get("reachable").asBoolean()).isTrue();
        assertThat(check.at("/declaredCounts/users").asLong()).isGreaterThan(200);
    }

    @Test
    void aWrongSecretIsReportedAsNotAuthenticated() throws Exception {
        String body = """
                {"integrationId":"wrong-secret","name":"Wrong secret","connector":"oneroster",
                 "connection":{"baseUrl":"%s","tokenUrl":"%s","clientId":"rostersync-demo","credentialRef":"config:no.such.secret"}}
                """.formatted(stack.oneRosterBaseUrl(), stack.url(Service.SIMULATOR) + "/oauth2/token");
        assertThat(api.send(Service.ORCHESTRATOR, "POST", "/api/integrations", body, StackFixture.ADMIN).statusCode()).isEqualTo(201);

        HttpResponse<String> response = post("/api/integrations/wrong-secret/test-connection", "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode check = json.readTree(response.body());
        assertThat(check.get("authenticated").asBoolean()).isFalse();
        assertThat(check.get("message").asString()).contains("no.such.secret");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return api.send(Service.ORCHESTRATOR, "POST", path, body, StackFixture.OPERATOR);
    }

}
