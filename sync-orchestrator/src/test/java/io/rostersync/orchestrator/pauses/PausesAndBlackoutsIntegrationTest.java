package io.rostersync.orchestrator.pauses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.BlackoutWindow;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.orchestrator.OrchestratorApplication;
import io.rostersync.orchestrator.testsupport.ConnectorDoubleIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;

/** Pausing queues every trigger and resuming catches up once; a blackout window skips scheduled ticks, visibly. */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-orchestrator", "rostersync.orchestrator.watchdog-interval=1h",
        "rostersync.orchestrator.webhook-run-interval=1s", "rostersync.orchestrator.queued-run-check-interval=200ms",
        "rostersync.orchestrator.schedule-check-interval=200ms",
        "rostersync.security.tokens[0].name=ops", "rostersync.security.tokens[0].value=operator-token-0123456789",
        "rostersync.security.tokens[0].role=OPERATOR"})
@AutoConfigureWebTestClient
class PausesAndBlackoutsIntegrationTest extends ConnectorDoubleIntegrationTest {

    private static final String INTEGRATION = "district-p";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void webhooksDuringAPauseQueueAndResumeAppliesEveryChangeOnce() {
        integrations.save(integration(null, List.of()));
        String seed = seed();

        assertThat(api.call(HttpMethod.POST, "/api/integrations/" + INTEGRATION + "/pause", OPERATOR, null, 200)
                .get("paused").asBoolean()).isTrue();
        webhook("msg_1", "u1");
        webhook("msg_2", "u2");
        webhook("msg_3", "u4");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(runs.blocking(INTEGRATION, Direction.PULL)).extracting(SyncRun::status).containsExactly(RunStatus.QUEUED));
        // Well past the webhook interval and many queued-run checks: still nothing starts while paused.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                runs.blocking(INTEGRATION, Direction.PULL).stream().allMatch(r -> r.status() == RunStatus.QUEUED));
        assertThat(connector.drain()).isEmpty();

        assertThat(api.call(HttpMethod.POST, "/api/integrations/" + INTEGRATION + "/resume", OPERATOR, null, 200)
                .get("paused").asBoolean()).isFalse();

        PullCommand catchUp = connector.awaitCommand();
        assertThat(catchUp.mode()).isEqualTo(PullMode.INCREMENTAL);
        assertThat(catchUp.cursors()).containsEntry(EntityType.USERS, T1.toString());
        connector.send(new RecordBatch(catchUp.runId(), INTEGRATION, 1, EntityType.USERS,
                List.of(user("u1", "Ana2", T2), user("u2", "Ben2", T2), user("u4", "Dee", T2)), List.of(), 0));
        connector.send(new PullCompleted(catchUp.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(runs.find(catchUp.runId()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED));

        SyncRun done = runs.find(catchUp.runId()).orElseThrow();
        assertThat(done.runType()).isEqualTo(RunType.WEBHOOK);
        assertThat(done.counts().updated()).isEqualTo(2);
        assertThat(done.counts().created()).isEqualTo(1);
        assertThat(runs.page(INTEGRATION, 10, null, null, null)).extracting(SyncRun::runId).containsExactlyInAnyOrder(seed, catchUp.runId());
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.USERS).cursor()).isEqualTo(T2.toString());
        assertThat(connector.drain()).isEmpty();
    }

    @Test
    void aScheduledTickInABlackoutWindowIsSkippedWithItsReason() {
        integrations.save(integration("* * * * * *",
                List.of(new BlackoutWindow("summer", "01-01", "12-31", List.of(), null, null))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(runs.page(INTEGRATION, 10, null, RunStatus.SKIPPED.value(), null)).isNotEmpty());

        SyncRun skipped = runs.page(INTEGRATION, 10, null, RunStatus.SKIPPED.value(), null).get(0);
        assertThat(skipped.runType()).isEqualTo(RunType.SCHEDULED);
        assertThat(skipped.error()).contains("falls in blackout window 'summer'").contains("America/Chicago");
        assertThat(skipped.finishedAt()).isNotNull();
        assertThat(runs.page(INTEGRATION, 50, null, null, null)).allMatch(r -> r.status() == RunStatus.SKIPPED);
        assertThat(connector.drain()).isEmpty();
    }

    private String seed() {
        publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(EntityType.USERS), "tester", Instant.now()));
        PullCommand first = connector.awaitCommand();
        connector.send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS,
                List.of(user("u1", "Ana", T1), user("u2", "Ben", T1), user("u3", "Cy", T1)), List.of(), 0));
        connector.send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(runs.find(first.runId()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED));
        return first.runId();
    }

    private void webhook(String webhookId, String userId) {
        publisher.publishAndWait(Topics.SIS_CHANGES, INTEGRATION, UUID.randomUUID().toString(), null, new SisChangeEvent(webhookId,
                ConnectorType.ONEROSTER, INTEGRATION, EntityType.USERS, List.of(userId), "updated", Instant.now()));
    }

    private static Integration integration(String schedule, List<BlackoutWindow> windows) {
        return new Integration(INTEGRATION, "District P", ConnectorType.ONEROSTER,
                new ConnectionSettings("http://127.0.0.1:1/ims/oneroster/rostering/v1p2", "http://127.0.0.1:1/oauth2/token",
                        "1.2", "client", "config:unused", List.of()),
                schedule, true, "manual", List.of(), Instant.now(), Instant.now(), Map.of(), null, false, "America/Chicago", windows, null);
    }

    private static RosterRecord user(String id, String givenName, Instant modified) {
        return new RosterRecord(EntityType.USERS, id, RecordStatus.ACTIVE, modified, null,
                Map.of("givenName", givenName, "familyName", "Doe", "roles", List.of(Map.of("role", "student"))));
    }
}
