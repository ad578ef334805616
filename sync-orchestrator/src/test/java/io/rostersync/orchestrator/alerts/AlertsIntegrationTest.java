package io.rostersync.orchestrator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.Firestore;
import com.standardwebhooks.Webhook;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.testsupport.OpenApiContract;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.orchestrator.OrchestratorApplication;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every alert rule fires once per incident to a receiver, signed as Standard Webhooks, and clears when its cause goes;
 * an integration that keeps failing is disabled with the reason until an operator enables it.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-orchestrator", "rostersync.orchestrator.watchdog-interval=1h",
        "rostersync.orchestrator.alerts.check-interval=200ms",
        "test.alert-secret=" + AlertsIntegrationTest.SECRET,
        "rostersync.security.tokens[0].name=ops", "rostersync.security.tokens[0].value=operator-token-0123456789",
        "rostersync.security.tokens[0].role=OPERATOR",
        "rostersync.security.tokens[1].name=viewer", "rostersync.security.tokens[1].value=viewer-token-0123456789",
        "rostersync.security.tokens[1].role=VIEWER"})
@AutoConfigureWebTestClient
class AlertsIntegrationTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String INTEGRATION = "district-alerts";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final String VIEWER = "viewer-token-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger RUNS = new AtomicInteger();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired
    Integrations integrations;
    @Autowired
    SyncRuns runs;
    @Autowired
    Firestore firestore;
    @Autowired
    WebTestClient client;

    private AlertReceiver receiver;
    private OpenApiContract api;
    private Instant clock = Instant.now().minus(Duration.ofHours(1));

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        receiver = new AlertReceiver();
        api = new OpenApiContract(client);
        integrations.save(new Integration(INTEGRATION, "District Alerts", ConnectorType.ONEROSTER,
                new ConnectionSettings("http://127.0.0.1:1/v1p2", "http://127.0.0.1:1/token", "1.2", "c", "config:x", List.of()),
                null, true, "manual", List.of(), Instant.now().minus(Duration.ofHours(3)), Instant.now()));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void eachRuleFiresOncePerIncidentSignedAndClearsWhenResolved() throws Exception {
        run(RunStatus.SUCCEEDED);
        configure(Map.of("consecutiveFailures", 2, "noSuccessFor", "PT2H", "openConflictsAbove", 1, "deadLettersAbove", 0,
                "runOnHold", true));

        // Failed pulls in a row.
        run(RunStatus.FAILED);
        run(RunStatus.FAILED);
        awaitEvents("consecutive-failures", "alert.fired");
        run(RunStatus.SUCCEEDED);
        awaitEvents("consecutive-failures", "alert.fired", "alert.resolved");

        // Open conflicts above the limit.
        conflict("cf-1");
        conflict("cf-2");
        awaitEvents("open-conflicts", "alert.fired");
        firestore.collection("syncConflicts").document("cf-2").update("status", "resolved").get();
        awaitEvents("open-conflicts", "alert.fired", "alert.resolved");

        // Dead letters waiting.
        firestore.collection("syncDeadLetters").document("dl-1").set(Map.of("integrationId", INTEGRATION, "status", "pending",
                "key", "run-x", "originalTopic", "sync.records")).get();
        awaitEvents("dead-letters", "alert.fired");
        firestore.collection("syncDeadLetters").document("dl-1").update("status", "replayed").get();
        awaitEvents("dead-letters", "alert.fired", "alert.resolved");

        // A run on hold.
        String held = run(RunStatus.ON_HOLD);
        awaitEvents("run-on-hold", "alert.fired");
        firestore.collection("syncRuns").document(held).update("status", "cancelled").get();
        awaitEvents("run-on-hold", "alert.fired", "alert.resolved");

        // No success for longer than allowed: the last success is made old.
        for (SyncRun r : runs.page(INTEGRATION, 50, null, RunStatus.SUCCEEDED.value(), null)) {
            firestore.collection("syncRuns").document(r.runId()).update("finishedAt",
                    com.google.cloud.Timestamp.ofTimeSecondsAndNanos(Instant.now().minus(Duration.ofHours(5)).getEpochSecond(), 0)).get();
        }
        awaitEvents("no-success", "alert.fired");
        run(RunStatus.SUCCEEDED);
        awaitEvents("no-success", "alert.fired", "alert.resolved");

        // Once per incident: nothing more arrives while the checks keep running.
        int total = receiver.received().size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == total);
        assertThat(total).isEqualTo(10);
        Webhook verifier = new Webhook(SECRET);
        for (AlertReceiver.Received r : receiver.received()) {
            verifier.verify(r.body(), r.headers());
        }
        JsonNode view = api.get("/api/integrations/" + INTEGRATION + "/alerts", VIEWER, 200);
        assertThat(view.get("incidents")).hasSize(5).allSatisfy(i -> assertThat(i.get("state").asString()).isEqualTo("resolved"));
    }

    @Test
    void anIntegrationThatKeepsFailingIsDisabledWithTheReasonUntilAnOperatorEnablesIt() {
        run(RunStatus.SUCCEEDED);
        configure(Map.of("disableAfterFailures", 3));
        run(RunStatus.FAILED);
        run(RunStatus.FAILED);
        run(RunStatus.FAILED);

        awaitEvents("integration-disabled", "alert.fired");
        assertThat(integrations.find(INTEGRATION).orElseThrow().enabled()).isFalse();
        JsonNode view = api.get("/api/integrations/" + INTEGRATION + "/alerts", VIEWER, 200);
        assertThat(view.get("disabledReason").asString()).contains("disabled after 3 failed pulls in a row; the last: boom 3");

        api.call(HttpMethod.POST, "/api/integrations/" + INTEGRATION + "/enable", OPERATOR, null, 200);

        awaitEvents("integration-disabled", "alert.fired", "alert.resolved");
        // The failures before the disable no longer count: it stays enabled.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> integrations.find(INTEGRATION).orElseThrow().enabled());
    }

    @Test
    void badRulesAreRefusedInOne400() {
        JsonNode problem = api.call(HttpMethod.PUT, "/api/integrations/" + INTEGRATION + "/alerts", OPERATOR,
                Map.of("consecutiveFailures", 0, "noSuccessFor", "six hours", "targets", List.of(Map.of("url", "ftp://x", "secretRef", "whsec_plain"))), 400);

        assertThat(problem.get("detail").asString()).contains("consecutiveFailures must be at least 1")
                .contains("noSuccessFor 'six hours' must be an ISO-8601 duration").contains("targets[0].url must be an absolute http(s) URL")
                .contains("targets[0].secretRef must be a reference");
        api.call(HttpMethod.PUT, "/api/integrations/nope/alerts", OPERATOR, Map.of("runOnHold", true), 404);
        api.call(HttpMethod.PUT, "/api/integrations/" + INTEGRATION + "/alerts", VIEWER, Map.of("runOnHold", true), 403);
    }

    private void configure(Map<String, Object> rules) {
        Map<String, Object> body = new java.util.HashMap<>(rules);
        body.put("targets", List.of(Map.of("url", receiver.url(), "secretRef", "config:test.alert-secret")));
        api.call(HttpMethod.PUT, "/api/integrations/" + INTEGRATION + "/alerts", OPERATOR, body, 200);
    }

    private void awaitEvents(String rule, String... types) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events(rule)).containsExactly(types));
    }

    private List<String> events(String rule) {
        List<String> types = new ArrayList<>();
        for (AlertReceiver.Received r : receiver.received()) {
            JsonNode body = JSON.readTree(r.body());
            if (rule.equals(body.at("/data/rule").asString())) {
                types.add(body.get("type").asString());
            }
        }
        return types;
    }

    /** A finished (or held) pull, newer than every run before it. */
    private String run(RunStatus status) {
        clock = clock.plusSeconds(1);
        int n = RUNS.incrementAndGet();
        String runId = "run-alert-" + n;
        runs.save(new SyncRun(runId, INTEGRATION, RunType.SCHEDULED, Direction.PULL, PullMode.INCREMENTAL, status, null, null, null, null,
                clock, clock, status == RunStatus.ON_HOLD ? null : clock, clock, status == RunStatus.FAILED ? "boom " + countFailed() : null,
                1, "scheduler", "tick-" + n));
        return runId;
    }

    private int failures;

    private int countFailed() {
        return ++failures;
    }

    private void conflict(String id) throws Exception {
        firestore.collection("syncConflicts").document(id).set(Map.of("integrationId", INTEGRATION, "status", "open",
                "entityType", "users", "recordId", id)).get();
    }
}
