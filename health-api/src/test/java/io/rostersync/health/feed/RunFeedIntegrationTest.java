package io.rostersync.health.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.health.HealthApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/** Runs written to Firestore reach the aggregates, the overview and the live stream, each run counted once. */
class RunFeedIntegrationTest extends HealthApiTestSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    Integrations integrations;
    @Autowired
    SyncRuns runs;
    @Autowired
    FinishedRunsFeed finishedRuns;

    @BeforeEach
    void register() {
        integrations.save(integration("feed-a"));
    }

    @Test
    void aRunThatEndsIsCountedOnceHoweverOftenItIsWritten() {
        Instant now = Instant.now();
        runs.save(run("feed-a-1", RunStatus.RUNNING, now.minusSeconds(20), null, null));
        runs.save(run("feed-a-1", RunStatus.SUCCEEDED, now.minusSeconds(20), now, null));

        JsonNode healthy = awaitHealth("feed-a", h -> h.get("runs24h").asLong() == 1);
        assertThat(healthy.get("status").asString()).isEqualTo("healthy");
        assertThat(healthy.at("/lastRun/runId").asString()).isEqualTo("feed-a-1");
        assertThat(healthy.get("durationP50Millis").asLong()).isEqualTo(20_000);
        assertThat(healthy.get("recordsApplied24h").asLong()).isEqualTo(7);

        // The same run written again (a heartbeat, a late counter) and a second run that failed.
        SyncRun again = run("feed-a-1", RunStatus.SUCCEEDED, now.minusSeconds(20), now, null);
        runs.save(new SyncRun(again.runId(), again.integrationId(), again.runType(), again.direction(), again.mode(), again.status(),
                again.counts(), again.entityCounts(), again.cursorBefore(), again.cursorAfter(), again.queuedAt(),
                again.startedAt(), again.finishedAt(), now.plusSeconds(1), null, 1, "ops", null));
        runs.save(run("feed-a-2", RunStatus.FAILED, now.minusSeconds(5), now.plusMillis(10), "SIS answered 503"));

        JsonNode failing = awaitHealth("feed-a", h -> h.get("runs24h").asLong() == 2 && "failing".equals(h.get("status").asString()));
        assertThat(failing.get("errorRate24h").asDouble()).isEqualTo(0.5);
        assertThat(failing.get("statusReason").asString()).contains("SIS answered 503");
        assertThat(failing.at("/runsPerDay/13/failed").asLong()).isEqualTo(1);
        await().during(Duration.ofSeconds(2)).atMost(TIMEOUT).untilAsserted(() ->
                assertThat(health("feed-a").get("runs24h").asLong()).isEqualTo(2));
    }

    @Test
    void aReopenedRunIsCountedByItsLatestOutcome() {
        Instant now = Instant.now();
        runs.save(run("feed-a-3", RunStatus.FAILED, now.minusSeconds(30), now, "the SIS was unreachable"));
        awaitHealth("feed-a", h -> "failing".equals(h.get("status").asString()));

        // A replay of its dead-lettered command reopens it (finishedAt cleared), then it succeeds.
        runs.save(run("feed-a-3", RunStatus.RUNNING, now.minusSeconds(30), null, null));
        runs.save(run("feed-a-3", RunStatus.SUCCEEDED, now.minusSeconds(30), now.plusSeconds(2), null));

        JsonNode health = awaitHealth("feed-a", h -> "healthy".equals(h.get("status").asString()));
        assertThat(health.get("runs24h").asLong()).isEqualTo(1);
        assertThat(health.get("errorRate24h").asDouble()).isZero();
    }

    @Test
    void runsThatEndedWhileNoHealthApiRanAreCountedByTheCatchUp() {
        Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3));
        // Finished before the listener's start: only the catch-up from the watermark sees it.
        runs.save(run("feed-a-old", RunStatus.PARTIAL, threeDaysAgo.minusSeconds(60), threeDaysAgo, null));

        assertThat(finishedRuns.catchUp(threeDaysAgo.minus(Duration.ofHours(1)))).isGreaterThanOrEqualTo(1);

        JsonNode health = awaitHealth("feed-a", h -> h.get("runs7d").asLong() == 1);
        assertThat(health.get("runs24h").asLong()).isZero();
        assertThat(health.get("status").asString()).isEqualTo("degraded");
        assertThat(health.get("errorRate7d").asDouble()).isEqualTo(1.0);
    }

    @Test
    void theStreamSendsEachChangeOfARunAsItHappens() {
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        Disposable subscription = web.get().uri("/api/stream/runs?integrationId=feed-a").accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> h.setBearerAuth(VIEWER)).exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody().subscribe(received::add);
        try {
            await().atMost(TIMEOUT).until(() -> received.stream().anyMatch(e -> "ready".equals(e.event())));
            Instant now = Instant.now();
            integrations.save(integration("feed-other"));
            runs.save(run("feed-other-1", RunStatus.QUEUED, now, null, null));
            runs.save(run("feed-a-4", RunStatus.QUEUED, now, null, null));
            await().atMost(TIMEOUT).until(() -> statuses(received).contains("queued"));
            runs.save(run("feed-a-4", RunStatus.RUNNING, now, null, null));
            await().atMost(TIMEOUT).until(() -> statuses(received).contains("running"));
            runs.save(run("feed-a-4", RunStatus.SUCCEEDED, now, now.plusSeconds(3), null));

            await().atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(statuses(received)).containsExactly("queued", "running", "succeeded");
                assertThat(received).anyMatch(e -> "health".equals(e.event()) && e.data().contains("feed-a"));
            });
            assertThat(received).noneMatch(e -> e.data() != null && e.data().contains("feed-other"));
        } finally {
            subscription.dispose();
        }
        web.get().uri("/api/stream/runs").accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isUnauthorized();
    }

    private static List<String> statuses(List<ServerSentEvent<String>> events) {
        return events.stream().filter(e -> "run".equals(e.event())).map(e -> {
            String data = e.data();
            int at = data.indexOf("\"status\":\"");
            return data.substring(at + 10, data.indexOf('"', at + 10));
        }).toList();
    }

    private JsonNode awaitHealth(String integrationId, java.util.function.Predicate<JsonNode> condition) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> health(integrationId), condition);
    }

    private JsonNode health(String integrationId) {
        return api.get("/api/integrations/" + integrationId + "/health", VIEWER, 200);
    }

    static Integration integration(String id) {
        return new Integration(id, "District " + id, ConnectorType.ONEROSTER,
                new ConnectionSettings("https://sis.example/" + id, "https://sis.example/token", "1.2", "client-" + id,
                        "env:SECRET", List.of()), null, true, "manual", List.of(), Instant.EPOCH, Instant.EPOCH);
    }

    static SyncRun run(String runId, RunStatus status, Instant startedAt, Instant finishedAt, String error) {
        RunCounts counts = new RunCounts(10, 2, 3, 2, 3, 0, status == RunStatus.PARTIAL ? 1 : 0);
        String integrationId = runId.substring(0, runId.lastIndexOf('-'));
        return new SyncRun(runId, integrationId, RunType.MANUAL, Direction.PULL, PullMode.INCREMENTAL, status, counts,
                Map.of("users", counts), Map.of(), Map.of(), startedAt.minusSeconds(1),
                status == RunStatus.QUEUED ? null : startedAt, finishedAt, startedAt, error, 1, "ops", "t-" + runId);
    }
}
