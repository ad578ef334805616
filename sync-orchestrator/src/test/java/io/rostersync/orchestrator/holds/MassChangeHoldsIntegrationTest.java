package io.rostersync.orchestrator.holds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.DocumentSnapshot;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Mass-change safety: a year-end rollover that deletes 30 % of the enrollments stops before apply, waits on hold with
 * a summary, and an operator's reject changes nothing while an approve applies exactly those deletes.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-orchestrator", "rostersync.orchestrator.watchdog-interval=1h",
        "rostersync.security.tokens[0].name=ops", "rostersync.security.tokens[0].value=operator-token-0123456789",
        "rostersync.security.tokens[0].role=OPERATOR",
        "rostersync.security.tokens[1].name=viewer", "rostersync.security.tokens[1].value=viewer-token-0123456789",
        "rostersync.security.tokens[1].role=VIEWER"})
@AutoConfigureWebTestClient
class MassChangeHoldsIntegrationTest extends ConnectorDoubleIntegrationTest {

    private static final String INTEGRATION = "district-h";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final String VIEWER = "viewer-token-0123456789";
    private static final Instant T1 = Instant.parse("2026-06-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-07-01T10:00:00Z");
    private static final int ENROLLMENTS = 100;

    @BeforeEach
    void setUp() {
        integrations.save(oneRosterIntegration(INTEGRATION, "District H"));
        seedLastYear();
    }

    @Test
    void aRolloverDeleting30PercentIsHeldWithItsSummaryAndRejectingItChangesNothing() {
        PullCommand rollover = rolloverRun();
        SyncRun held = awaitStatus(rollover.runId(), RunStatus.ON_HOLD);
        assertThat(held.error()).contains("enrollments: 30 of 100 live records (30.0 %) would be deleted; the limit is 10 %");

        JsonNode hold = api.get("/api/runs/" + rollover.runId() + "/hold", VIEWER, 200);
        assertThat(hold.get("status").asString()).isEqualTo("on_hold");
        JsonNode enrollments = hold.at("/entities/enrollments");
        assertThat(enrollments.get("baseline").asLong()).isEqualTo(100);
        assertThat(enrollments.get("deleted").asLong()).isEqualTo(30);
        assertThat(enrollments.get("updated").asLong()).isEqualTo(5);
        List<String> sampled = new ArrayList<>();
        enrollments.at("/sample/deleted").forEach(id -> sampled.add(id.asString()));
        assertThat(sampled).hasSize(10).allMatch(deletedIds()::contains);
        assertNothingApplied();

        // A trigger while the run is held waits behind it instead of pulling the same window again.
        requestRun(null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(runs.blocking(INTEGRATION, Direction.PULL)).extracting(SyncRun::status)
                        .containsExactlyInAnyOrder(RunStatus.ON_HOLD, RunStatus.QUEUED));
        assertThat(connector.drain()).isEmpty();

        JsonNode rejected = api.call(HttpMethod.POST, "/api/runs/" + rollover.runId() + "/reject", OPERATOR, null, 200);

        assertThat(rejected.get("status").asString()).isEqualTo("cancelled");
        assertThat(rejected.get("error").asString()).contains("rejected by ops");
        assertNothingApplied();
        assertThat(firestore.collection("syncRuns").document(rollover.runId()).collection("staged").listDocuments()).isEmpty();
        assertThat(api.call(HttpMethod.POST, "/api/runs/" + rollover.runId() + "/approve", OPERATOR, null, 409)
                .get("detail").asString()).contains("not on hold");
        PullCommand followUp = connector.awaitCommand();
        assertThat(followUp.runId()).isNotEqualTo(rollover.runId());
        assertThat(followUp.cursors()).containsEntry(EntityType.ENROLLMENTS, T1.toString());
    }

    @Test
    void approvingAHeldRolloverAppliesExactlyItsDeletesAndMovesTheCursor() throws Exception {
        PullCommand rollover = rolloverRun();
        awaitStatus(rollover.runId(), RunStatus.ON_HOLD);

        JsonNode approved = api.call(HttpMethod.POST, "/api/runs/" + rollover.runId() + "/approve", OPERATOR, null, 200);

        assertThat(approved.get("status").asString()).isEqualTo("running");
        SyncRun done = awaitStatus(rollover.runId(), RunStatus.SUCCEEDED);
        assertThat(done.counts().deleted()).isEqualTo(30);
        assertThat(done.counts().updated()).isEqualTo(5);
        assertThat(done.counts().fetched()).isEqualTo(35);
        assertThat(tombstoned()).isEqualTo(deletedIds());
        assertThat(enrollment("e-40").getString("role")).isEqualTo("teacher");
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.ENROLLMENTS).cursor()).isEqualTo(T2.toString());
        JsonNode hold = api.get("/api/runs/" + rollover.runId() + "/hold", VIEWER, 200);
        assertThat(hold.get("decision").asString()).isEqualTo("approved");
        assertThat(hold.get("decidedBy").asString()).isEqualTo("ops");
    }

    @Test
    void aFullSnapshotMissing30PercentIsHeldBeforeItsSweepAndApprovalTombstonesThem() {
        requestRun(PullMode.FULL);
        PullCommand full = connector.awaitCommand();
        assertThat(full.mode()).isEqualTo(PullMode.FULL);
        List<RosterRecord> kept = IntStream.range(30, ENROLLMENTS).mapToObj(i -> enrollment(i, "student", T1)).toList();
        connector.send(new RecordBatch(full.runId(), INTEGRATION, 1, EntityType.ENROLLMENTS, kept, List.of(), 0));
        connector.send(new PullCompleted(full.runId(), INTEGRATION, 1, Map.of(EntityType.ENROLLMENTS, T2.toString()),
                List.of(EntityType.ENROLLMENTS)));

        SyncRun held = awaitStatus(full.runId(), RunStatus.ON_HOLD);
        assertThat(held.error()).contains("enrollments: 30 of 100");
        assertNothingApplied();

        api.call(HttpMethod.POST, "/api/runs/" + full.runId() + "/approve", OPERATOR, null, 200);

        SyncRun done = awaitStatus(full.runId(), RunStatus.SUCCEEDED);
        assertThat(done.counts().deleted()).isEqualTo(30);
        assertThat(tombstoned()).isEqualTo(deletedIds());
    }

    @Test
    void aRunWithinTheThresholdsAppliesWithoutAHold() {
        requestRun(null);
        PullCommand run = connector.awaitCommand();
        connector.send(new RecordBatch(run.runId(), INTEGRATION, 1, EntityType.ENROLLMENTS, List.of(),
                List.of("e-0", "e-1", "e-2", "e-3", "e-4"), 0));
        connector.send(new PullCompleted(run.runId(), INTEGRATION, 1, Map.of(EntityType.ENROLLMENTS, T2.toString()), List.of()));

        SyncRun done = awaitStatus(run.runId(), RunStatus.SUCCEEDED);

        assertThat(done.counts().deleted()).isEqualTo(5);
        assertThat(tombstoned()).containsExactlyInAnyOrder("e-0", "e-1", "e-2", "e-3", "e-4");
    }

    @Test
    void decisionsOnRunsThatAreNotHeldAreRefused() {
        api.call(HttpMethod.POST, "/api/runs/run-nope/approve", OPERATOR, null, 404);
        api.call(HttpMethod.POST, "/api/runs/run-nope/reject", OPERATOR, null, 404);
        api.get("/api/runs/run-nope/hold", VIEWER, 404);
        api.call(HttpMethod.POST, "/api/runs/run-nope/approve", VIEWER, null, 403);
    }

    /** Last year's roster: 100 enrollments, applied by a first full run (nothing to guard yet: no live records). */
    private void seedLastYear() {
        requestRun(null);
        PullCommand first = connector.awaitCommand();
        List<RosterRecord> all = IntStream.range(0, ENROLLMENTS).mapToObj(i -> enrollment(i, "student", T1)).toList();
        connector.send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.ENROLLMENTS, all.subList(0, 50), List.of(), 0));
        connector.send(new RecordBatch(first.runId(), INTEGRATION, 2, EntityType.ENROLLMENTS, all.subList(50, 100), List.of(), 0));
        connector.send(new PullCompleted(first.runId(), INTEGRATION, 2, Map.of(EntityType.ENROLLMENTS, T1.toString()),
                List.of(EntityType.ENROLLMENTS)));
        assertThat(awaitStatus(first.runId(), RunStatus.SUCCEEDED).counts().created()).isEqualTo(ENROLLMENTS);
    }

    /** The rollover as an incremental pull: 20 enrollments marked tobedeleted, 10 reported deleted, 5 changed. */
    private PullCommand rolloverRun() {
        requestRun(null);
        PullCommand run = connector.awaitCommand();
        assertThat(run.mode()).isEqualTo(PullMode.INCREMENTAL);
        List<RosterRecord> first = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> first.add(new RosterRecord(EntityType.ENROLLMENTS, "e-" + i, RecordStatus.TOBEDELETED, T2, null,
                Map.of("role", "student", "classSourcedId", "c-" + (i % 5), "userSourcedId", "u-" + i))));
        IntStream.range(40, 45).forEach(i -> first.add(enrollment(i, "teacher", T2)));
        connector.send(new RecordBatch(run.runId(), INTEGRATION, 1, EntityType.ENROLLMENTS, first, List.of(), 0));
        connector.send(new RecordBatch(run.runId(), INTEGRATION, 2, EntityType.ENROLLMENTS, List.of(),
                IntStream.range(20, 30).mapToObj(i -> "e-" + i).toList(), 0));
        connector.send(new PullCompleted(run.runId(), INTEGRATION, 2, Map.of(EntityType.ENROLLMENTS, T2.toString()), List.of()));
        return run;
    }

    private void assertNothingApplied() {
        assertThat(tombstoned()).isEmpty();
        assertThat(enrollment("e-40").getString("role")).isEqualTo("student");
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.ENROLLMENTS).cursor()).isEqualTo(T1.toString());
    }

    private void requestRun(PullMode mode) {
        publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(EntityType.ENROLLMENTS), "tester", Instant.now(), mode));
    }

    private Set<String> tombstoned() {
        Set<String> ids = new HashSet<>();
        try {
            firestore.collection("integrations").document(INTEGRATION).collection("enrollments")
                    .whereEqualTo("_sync.tombstone", true).get().get().getDocuments().forEach(d -> ids.add(d.getId()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private static Set<String> deletedIds() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 30).forEach(i -> ids.add("e-" + i));
        return ids;
    }

    private DocumentSnapshot enrollment(String id) {
        try {
            return firestore.collection("integrations").document(INTEGRATION).collection("enrollments").document(id).get().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RosterRecord enrollment(int i, String role, Instant modified) {
        return new RosterRecord(EntityType.ENROLLMENTS, "e-" + i, RecordStatus.ACTIVE, modified, null,
                Map.of("role", role, "classSourcedId", "c-" + (i % 5), "userSourcedId", "u-" + i));
    }
}
