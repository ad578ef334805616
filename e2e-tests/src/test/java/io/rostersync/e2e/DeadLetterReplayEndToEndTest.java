package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pull that fails while the SIS is down leaves its command in the dead-letter service; once the SIS is back,
 * Retry from the API applies the data, and a second Retry changes nothing.
 */
class DeadLetterReplayEndToEndTest {

    private static final String INTEGRATION = "dlq-district";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();

    private final StackHttp api = new StackHttp(StackFixture.stack());

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.stack();
    }

    @Test
    void aFailedPullIsRetriedFromTheDeadLetterApiAndAppliesOnce() throws Exception {
        assertThat(api.createOneRosterIntegration(INTEGRATION, "DLQ district", false).statusCode()).isEqualTo(201);
        long users = json.readTree(api.send(Service.SIMULATOR, "GET", "/admin/district", null, null).body()).at("/counts/users").asLong();

        String runId;
        assertThat(api.send(Service.SIMULATOR, "PUT", "/admin/faults", "{\"failNext\":100000,\"status\":503}", null).statusCode()).isEqualTo(200);
        try {
            HttpResponse<String> accepted = api.send(Service.HEALTH, "POST", "/api/integrations/" + INTEGRATION + "/sync",
                    "{\"entityTypes\":[\"users\"]}", StackFixture.OPERATOR);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            runId = RunDispatcher.runIdFor(json.readTree(accepted.body()).get("eventId").asString());
            JsonNode failed = api.awaitRun(runId, "failed");
            assertThat(failed.get("error").asString()).contains("503").contains("unreachable");
        } finally {
            api.send(Service.SIMULATOR, "DELETE", "/admin/faults", null, null);
        }

        String letterId = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode items = json.readTree(api.send(Service.DEAD_LETTERS, "GET", "/api/deadletters?topic=" + Topics.ONEROSTER_COMMANDS
                    + "&integrationId=" + INTEGRATION, null, StackFixture.VIEWER).body()).get("items");
            for (JsonNode item : items) {
                if ((runId + "/pull").equals(item.get("eventId").asString())) {
                    return item.get("id").asString();
                }
            }
            return null;
        }, id -> id != null);

        assertThat(api.send(Service.DEAD_LETTERS, "POST", "/api/deadletters/" + letterId + "/retry", "", StackFixture.OPERATOR).statusCode())
                .isBetween(200, 202);
        JsonNode succeeded = api.awaitRun(runId, "succeeded");
        assertThat(succeeded.at("/entityCounts/users/fetched").asLong()).isEqualTo(users);
        assertThat(succeeded.at("/entityCounts/users/created").asLong()).isEqualTo(users);

        // Again: the same command under the same run id; batches are applied once, counts stay.
        assertThat(api.send(Service.DEAD_LETTERS, "POST", "/api/deadletters/" + letterId + "/retry", "", StackFixture.OPERATOR).statusCode())
                .isBetween(200, 202);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode run = api.run(runId);
            assertThat(run.get("status").asString()).isEqualTo("succeeded");
            assertThat(run.get("counts")).isEqualTo(succeeded.get("counts"));
        });
    }



}
