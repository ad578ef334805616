package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.EventCodec;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** 1,000 signed webhooks for one integration within 10 s yield at most two runs, and every change they name is applied. */
class WebhookBurstEndToEndTest {

    private static final String INTEGRATION = "burst-district";
    private static final int WEBHOOKS = 1000;
    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();

    private final StackHttp api = new StackHttp(StackFixture.stack());

    @BeforeAll
    static void startStack() {
        stack = StackFixture.stack();
    }

    @Test
    void aThousandWebhooksInTenSecondsYieldAtMostTwoRunsAndApplyEveryChange() throws Exception {
        assertThat(api.createOneRosterIntegration(INTEGRATION, "Burst district", true).statusCode()).isEqualTo(201);
        HttpResponse<String> initial = api.send(Service.HEALTH, "POST", "/api/integrations/" + INTEGRATION + "/sync", "{}", StackFixture.OPERATOR);
        awaitRunEnded(RunDispatcher.runIdFor(json.readTree(initial.body()).get("eventId").asString()));

        JsonNode changed = json.readTree(api.send(Service.SIMULATOR, "POST", "/admin/changes", "{\"entityType\":\"users\",\"count\":100}", null).body());
        List<String> ids = new ArrayList<>();
        changed.get("sourcedIds").forEach(id -> ids.add(id.asString()));

        Instant start = Instant.now();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        java.util.concurrent.ScheduledExecutorService pacer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < WEBHOOKS; i++) {
                // Evenly over about 9 s: the gateway's default rate limit (100/s, bursts of 200) lets all of them in.
                String payload = "{\"entityType\":\"users\",\"ids\":[\"" + ids.get(i % ids.size()) + "\"],\"changeKind\":\"updated\"}";
                CompletableFuture<HttpResponse<String>> response = new CompletableFuture<>();
                pacer.schedule(() -> webhook(payload).whenComplete((r, e) -> {
                    if (e != null) {
                        response.completeExceptionally(e);
                    } else {
                        response.complete(r);
                    }
                }), i * 9L, java.util.concurrent.TimeUnit.MILLISECONDS);
                sent.add(response);
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } finally {
            pacer.shutdownNow();
        }
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(sent).allSatisfy(f -> assertThat(f.join().statusCode()).as(f.join().body()).isEqualTo(202));

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode runs = json.readTree(api.send(Service.HEALTH, "GET", "/api/integrations/" + INTEGRATION + "/runs?runType=webhook&limit=50",
                    null, StackFixture.VIEWER).body()).get("items");
            assertThat(runs.size()).isBetween(1, 2);
            runs.forEach(run -> assertThat(run.get("status").asString()).isEqualTo("succeeded"));
            for (String id : ids) {
                assertThat(stored(id).getString("givenName")).isEqualTo(remoteGivenName(id));
            }
        });
    }

    private DocumentSnapshot stored(String id) throws Exception {
        Firestore firestore = stack.context(Service.ORCHESTRATOR).getBean(Firestore.class);
        return firestore.collection("integrations").document(INTEGRATION).collection("users").document(id).get().get();
    }

    private String remoteGivenName(String id) throws Exception {
        return json.readTree(api.send(Service.SIMULATOR, "GET", "/ims/oneroster/rostering/v1p2/users/" + id, null, api.simulatorToken()).body())
                .at("/user/givenName").asString();
    }


    private void awaitRunEnded(String runId) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> run = api.send(Service.HEALTH, "GET", "/api/runs/" + runId, null, StackFixture.VIEWER);
            assertThat(run.statusCode()).isEqualTo(200);
            assertThat(json.readTree(run.body()).get("status").asString()).isEqualTo("succeeded");
        });
    }

    private CompletableFuture<HttpResponse<String>> webhook(String body) {
        return http.sendAsync(api.signedWebhook(INTEGRATION, "msg_" + UUID.randomUUID(), body, StackFixture.WEBHOOK_SECRET),
                HttpResponse.BodyHandlers.ofString());
    }

}
