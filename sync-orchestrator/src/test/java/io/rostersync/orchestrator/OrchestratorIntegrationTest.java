package io.rostersync.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.events.ConflictDetected;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.RosterEvent;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TopicProbe;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The orchestrator against the real broker and emulator, playing the connector's part by hand so each
 * rule of the apply stage can be driven exactly.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=sync-orchestrator", "rostersync.orchestrator.watchdog-interval=1h",
                "rostersync.orchestrator.webhook-run-interval=3s"})
class OrchestratorIntegrationTest {

    private static final String INTEGRATION = "district-a";
    /** The ce_correlationid header of each run's pull command, by run id. */
    private final Map<String, String> commandCorrelationIds = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Instant T1 = Instant.parse("2026-11-20T10:00:00.000Z");
    private static final Instant T2 = Instant.parse("2026-11-21T10:00:00.000Z");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired
    EventPublisher publisher;
    @Autowired
    EventCodec codec;
    @Autowired
    Integrations integrations;
    @Autowired
    SyncRuns runs;
    @Autowired
    SyncCursors cursors;
    @Autowired
    Firestore firestore;
    @Autowired
    io.rostersync.orchestrator.runs.RunDispatcher dispatcher;
    @Autowired
    io.rostersync.orchestrator.records.LocalEdits localEdits;

    private KafkaConsumer<String, byte[]> commands;

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        integrations.save(new Integration(INTEGRATION, "District A", ConnectorType.ONEROSTER,
                new ConnectionSettings("http://127.0.0.1:1/ims/oneroster/rostering/v1p2", "http://127.0.0.1:1/oauth2/token",
                        "1.2", "client", "config:unused", List.of()),
                null, true, "manual", List.of(), Instant.now(), Instant.now()));
        commands = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        commands.subscribe(List.of(Topics.ONEROSTER_COMMANDS));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            commands.poll(Duration.ofMillis(100));
            return !commands.assignment().isEmpty();
        });
        // "latest" is only resolved at the first position lookup: without this, a command sent right away may land
        // before that position and never be seen.
        commands.assignment().forEach(commands::position);
    }

    @AfterEach
    void tearDown() {
        commands.close();
    }

    @Test
    void aManualRunAppliesBatchesMovesTheCursorAndSucceeds() throws Exception {
        PullCommand command = requestRunAndAwaitCommand();
        assertThat(command.mode()).isEqualTo(PullMode.FULL);
        assertThat(command.connection().credentialRef()).isEqualTo("config:unused");

        send(new RecordBatch(command.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1), user("u2", "Ben", T2)), List.of(), 0));
        send(new PullCompleted(command.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of(EntityType.USERS)));

        SyncRun run = awaitStatus(command.runId(), RunStatus.SUCCEEDED);
        assertThat(run.counts()).isEqualTo(new RunCounts(2, 2, 0, 0, 0, 0, 0));
        assertThat(run.entityCounts().get("users").created()).isEqualTo(2);
        assertThat(run.runType()).isEqualTo(RunType.MANUAL);
        assertThat(run.cursorAfter()).containsEntry("users", T2.toString());
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.USERS).cursor()).isEqualTo(T2.toString());
        DocumentSnapshot ana = record("u1");
        assertThat(ana.getString("givenName")).isEqualTo("Ana");
        assertThat(ana.getString("status")).isEqualTo("active");
        assertThat(ana.getBoolean("_sync.tombstone")).isFalse();
    }

    @Test
    void freshnessMovesToTheNewestAppliedSisChangeAndNeverBack() throws Exception {
        PullCommand first = requestRunAndAwaitCommand();
        send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1), user("u2", "Ben", T2)), List.of(), 0));
        send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of(EntityType.USERS)));
        awaitStatus(first.runId(), RunStatus.SUCCEEDED);
        io.rostersync.core.freshness.IntegrationFreshness freshness = io.rostersync.core.freshness.IntegrationFreshness.fromDocument(
                firestore.collection(io.rostersync.core.freshness.IntegrationFreshness.COLLECTION).document(INTEGRATION).get().get());
        assertThat(freshness.newestChangeAt()).isEqualTo(T2);
        assertThat(freshness.runId()).isEqualTo(first.runId());

        // A later run that applies an older change (a re-read window) leaves it where it was.
        PullCommand second = requestRunAndAwaitCommand();
        send(new RecordBatch(second.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Anna", T1)), List.of(), 0));
        send(new PullCompleted(second.runId(), INTEGRATION, 1, Map.of(), List.of()));
        awaitStatus(second.runId(), RunStatus.SUCCEEDED);
        assertThat(io.rostersync.core.freshness.IntegrationFreshness.fromDocument(firestore.collection(
                io.rostersync.core.freshness.IntegrationFreshness.COLLECTION).document(INTEGRATION).get().get()).newestChangeAt()).isEqualTo(T2);
    }

    @Test
    void anExpiredCursorFailsTheRunDropsTheCursorsAndStartsAFullResyncOnce() throws Exception {
        PullCommand first = requestRunAndAwaitCommand();
        send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        awaitStatus(first.runId(), RunStatus.SUCCEEDED);

        PullCommand incremental = requestRunAndAwaitCommand();
        assertThat(incremental.mode()).isEqualTo(PullMode.INCREMENTAL);
        PullFailed expired = new PullFailed(incremental.runId(), INTEGRATION, "the Ed-Fi API keeps changes from version 90 on, "
                + "but the users cursor is at 12", PullFailed.CURSOR_EXPIRED, 0);
        send(expired);
        SyncRun failed = awaitStatus(incremental.runId(), RunStatus.FAILED);
        assertThat(failed.error()).contains("keeps changes from version 90");

        PullCommand resync = awaitCommand();
        assertThat(resync.mode()).isEqualTo(PullMode.FULL);
        assertThat(runs.find(resync.runId()).orElseThrow().requestedBy()).contains("cursor expired", incremental.runId());
        assertThat(cursors.forIntegration(INTEGRATION)).isEmpty();

        // A redelivered failure starts nothing more.
        send(expired);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(runs.page(INTEGRATION, 10, null, null, null)).hasSize(3));
    }

    @Test
    void aRedeliveredBatchChangesNoRecordAndNoCount() throws Exception {
        PullCommand command = requestRunAndAwaitCommand();
        RecordBatch batch = new RecordBatch(command.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0);
        send(batch);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs.find(command.runId()).orElseThrow().counts().created()).isEqualTo(1));
        Instant appliedAt = record("u1").getTimestamp("_sync.appliedAt").toDate().toInstant();

        // The same batch again (a producer retry or a consumer redelivery), then a marker batch to know it was consumed.
        send(batch);
        send(new RecordBatch(command.runId(), INTEGRATION, 2, EntityType.USERS, List.of(user("u2", "Ben", T1)), List.of(), 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs.find(command.runId()).orElseThrow().counts().created()).isEqualTo(2));

        SyncRun run = runs.find(command.runId()).orElseThrow();
        assertThat(run.counts()).isEqualTo(new RunCounts(2, 2, 0, 0, 0, 0, 0));
        assertThat(record("u1").getTimestamp("_sync.appliedAt").toDate().toInstant()).isEqualTo(appliedAt);
    }

    @Test
    void aFailedPullEndsFailedWithTheReasonAndKeepsTheCursor() {
        PullCommand first = requestRunAndAwaitCommand();
        send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        awaitStatus(first.runId(), RunStatus.SUCCEEDED);

        PullCommand second = requestRunAndAwaitCommand();
        assertThat(second.mode()).isEqualTo(PullMode.INCREMENTAL);
        assertThat(second.cursors()).containsEntry(EntityType.USERS, T1.toString());
        send(new RecordBatch(second.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Anna", T2)), List.of(), 0));
        send(new PullFailed(second.runId(), INTEGRATION, "OneRoster server answered 503 five times", "unreachable", 1));

        SyncRun failed = awaitStatus(second.runId(), RunStatus.FAILED);
        assertThat(failed.error()).contains("OneRoster server answered 503 five times").contains("unreachable");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.USERS).cursor()).isEqualTo(T1.toString());
    }

    @Test
    void aRunFailedByAPassingSisErrorReopensWhenItsReplayedCommandDeliversAndAppliesOnce() throws Exception {
        PullCommand command = requestRunAndAwaitCommand();
        send(new PullFailed(command.runId(), INTEGRATION, "OneRoster server answered 503 on all 5 attempts", "unreachable", 0));
        awaitStatus(command.runId(), RunStatus.FAILED);

        // What a replay of the dead-lettered command makes the connector send, under the same run id; twice.
        for (int i = 0; i < 2; i++) {
            send(new RecordBatch(command.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
            send(new PullCompleted(command.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        }

        SyncRun run = awaitStatus(command.runId(), RunStatus.SUCCEEDED);
        assertThat(run.error()).isNull();
        assertThat(run.counts()).isEqualTo(new RunCounts(1, 1, 0, 0, 0, 0, 0));
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.USERS).cursor()).isEqualTo(T1.toString());
    }

    @Test
    void aRunFailedForAPermanentReasonIsNotReopened() throws Exception {
        PullCommand command = requestRunAndAwaitCommand();
        send(new PullFailed(command.runId(), INTEGRATION, "token endpoint answered 401 invalid_client", "auth", 0));
        awaitStatus(command.runId(), RunStatus.FAILED);

        send(new RecordBatch(command.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        send(new PullCompleted(command.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of()));
        PullCommand next = requestRunAndAwaitCommand();
        send(new PullCompleted(next.runId(), INTEGRATION, 0, Map.of(), List.of()));
        awaitStatus(next.runId(), RunStatus.SUCCEEDED);

        assertThat(runs.find(command.runId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(record("u1").exists()).isFalse();
    }

    @Test
    void completionWithMissingBatchesFailsTheRunAndKeepsTheCursor() {
        PullCommand command = requestRunAndAwaitCommand();
        send(new RecordBatch(command.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        send(new PullCompleted(command.runId(), INTEGRATION, 2, Map.of(EntityType.USERS, T2.toString()), List.of()));

        SyncRun run = awaitStatus(command.runId(), RunStatus.FAILED);
        assertThat(run.error()).contains("only 1 of 2 batches were applied");
        assertThat(cursors.forIntegration(INTEGRATION)).doesNotContainKey(EntityType.USERS);
    }

    @Test
    void deletesAndRecordsMissingFromAFullSnapshotBecomeTombstones() throws Exception {
        PullCommand first = requestRunAndAwaitCommand();
        send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS,
                List.of(user("u1", "Ana", T1), user("u2", "Ben", T1), user("u3", "Cy", T1)), List.of(), 0));
        send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        awaitStatus(first.runId(), RunStatus.SUCCEEDED);

        PullCommand second = requestRunAndAwaitCommand();
        RosterRecord deleted = new RosterRecord(EntityType.USERS, "u2", RecordStatus.TOBEDELETED, T2, null, Map.of("givenName", "Ben"));
        send(new RecordBatch(second.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1), deleted), List.of(), 0));
        send(new PullCompleted(second.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of()));

        SyncRun run = awaitStatus(second.runId(), RunStatus.SUCCEEDED);
        assertThat(run.counts()).isEqualTo(new RunCounts(2, 0, 0, 1, 1, 0, 0));
        assertThat(record("u2").getBoolean("_sync.tombstone")).isTrue();
        assertThat(record("u3").getBoolean("_sync.tombstone")).isFalse();
    }

    @Test
    void aFullResyncTombstonesRecordsTheSisNoLongerReturns() throws Exception {
        PullCommand first = requestRunAndAwaitCommand();
        send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS,
                List.of(user("u1", "Ana", T1), user("u2", "Ben", T1), user("u3", "Cy", T1)), List.of(), 0));
        send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        awaitStatus(first.runId(), RunStatus.SUCCEEDED);

        publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(EntityType.USERS), "tester", Instant.now(), PullMode.FULL));
        PullCommand full = awaitCommand();
        assertThat(full.mode()).isEqualTo(PullMode.FULL);
        assertThat(full.cursors()).isEmpty();
        send(new RecordBatch(full.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        send(new PullCompleted(full.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));

        SyncRun run = awaitStatus(full.runId(), RunStatus.SUCCEEDED);
        assertThat(run.counts()).isEqualTo(new RunCounts(1, 0, 0, 2, 1, 0, 0));
        assertThat(record("u2").getBoolean("_sync.tombstone")).isTrue();
        assertThat(record("u3").getBoolean("_sync.tombstone")).isTrue();
        assertThat(record("u1").getBoolean("_sync.tombstone")).isFalse();
    }

    @Test
    void aFieldChangedLocallyAndInTheSisDifferentlyBecomesOneHeldConflict() throws Exception {
        PullCommand first = requestRunAndAwaitCommand();
        send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        awaitStatus(first.runId(), RunStatus.SUCCEEDED);
        assertThat(localEdits.edit(INTEGRATION, EntityType.USERS, "u1", Map.of("givenName", "Ann", "familyName", "Doe-Smith"), "tester")
                .changeId()).isNotNull();
        assertThat(firestore.collection("integrations").document(INTEGRATION).collection("outbox").get().get().size()).isEqualTo(1);

        try (TopicProbe conflicts = TopicProbe.open(Topics.SYNC_CONFLICTS)) {
            PullCommand second = requestRunAndAwaitCommand();
            RosterRecord remote = new RosterRecord(EntityType.USERS, "u1", RecordStatus.ACTIVE, T2, null,
                    Map.of("givenName", "Anna", "familyName", "Doe", "roles", List.of(Map.of("role", "student"))));
            send(new RecordBatch(second.runId(), INTEGRATION, 1, EntityType.USERS, List.of(remote), List.of(), 0));
            send(new PullCompleted(second.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of()));

            SyncRun run = awaitStatus(second.runId(), RunStatus.SUCCEEDED);
            assertThat(run.counts().conflicts()).isEqualTo(1);
            DocumentSnapshot held = record("u1");
            assertThat(held.getString("givenName")).isEqualTo("Ann");
            assertThat(held.getString("familyName")).isEqualTo("Doe-Smith");
            ConflictDetected conflict = conflicts.next(ConflictDetected.class);
            assertThat(conflict.recordId()).isEqualTo("u1");
            assertThat(conflict.fields()).containsExactly("givenName");
            assertThat(conflict.base()).containsEntry("givenName", "Ana");
            assertThat(conflict.local()).containsEntry("givenName", "Ann");
            assertThat(conflict.remote()).containsEntry("givenName", "Anna");

            // The SIS sends the same version again: recognised by its hash, so the held conflict is not opened twice.
            PullCommand third = requestRunAndAwaitCommand();
            send(new RecordBatch(third.runId(), INTEGRATION, 1, EntityType.USERS, List.of(remote), List.of(), 0));
            send(new PullCompleted(third.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of()));
            SyncRun again = awaitStatus(third.runId(), RunStatus.SUCCEEDED);
            assertThat(again.counts().conflicts()).isZero();
            assertThat(again.counts().unchanged()).isEqualTo(1);
            assertThat(record("u1").getString("givenName")).isEqualTo("Ann");
        }
    }

    @Test
    void aResolutionRebasesTheRecordSoTheSameDivergenceIsNotSeenAgain() throws Exception {
        ConflictDetected conflict = holdAConflictOnU1();

        publisher.publishAndWait(Topics.SYNC_RESOLUTIONS, INTEGRATION, UUID.randomUUID().toString(), "u1", new io.rostersync.core.events.ConflictResolved(
                conflict.conflictId(), INTEGRATION, EntityType.USERS, "u1", "keep-remote", Map.of("givenName", "Anna"), "operator", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(record("u1").getString("givenName")).isEqualTo("Anna"));
        assertThat(record("u1").get("_sync.localUpdatedAt")).isNull();

        // The SIS changes another field: nothing is held any more, the change just applies.
        PullCommand next = requestRunAndAwaitCommand();
        RosterRecord remote = new RosterRecord(EntityType.USERS, "u1", RecordStatus.ACTIVE, T2.plusSeconds(60), null,
                Map.of("givenName", "Anna", "familyName", "Doe-Lee", "roles", List.of(Map.of("role", "student"))));
        send(new RecordBatch(next.runId(), INTEGRATION, 1, EntityType.USERS, List.of(remote), List.of(), 0));
        send(new PullCompleted(next.runId(), INTEGRATION, 1, Map.of(), List.of()));
        SyncRun run = awaitStatus(next.runId(), RunStatus.SUCCEEDED);
        assertThat(run.counts().conflicts()).isZero();
        assertThat(record("u1").getString("familyName")).isEqualTo("Doe-Lee");
    }

    @Test
    void keepingTheLocalValueQueuesItForPush() throws Exception {
        ConflictDetected conflict = holdAConflictOnU1();

        publisher.publishAndWait(Topics.SYNC_RESOLUTIONS, INTEGRATION, UUID.randomUUID().toString(), "u1", new io.rostersync.core.events.ConflictResolved(
                conflict.conflictId(), INTEGRATION, EntityType.USERS, "u1", "keep-local", Map.of("givenName", "Ann"), "operator", Instant.now()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(firestore.collection("integrations").document(INTEGRATION)
                .collection("outbox").document("resolution-" + conflict.conflictId()).get().get().exists()).isTrue());
        DocumentSnapshot outbox = firestore.collection("integrations").document(INTEGRATION).collection("outbox")
                .document("resolution-" + conflict.conflictId()).get().get();
        assertThat(outbox.get("fields")).isEqualTo(Map.of("givenName", "Ann"));
        assertThat(record("u1").getString("givenName")).isEqualTo("Ann");
    }

    private ConflictDetected holdAConflictOnU1() throws Exception {
        PullCommand first = requestRunAndAwaitCommand();
        send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        awaitStatus(first.runId(), RunStatus.SUCCEEDED);
        localEdits.edit(INTEGRATION, EntityType.USERS, "u1", Map.of("givenName", "Ann"), "tester");
        try (TopicProbe conflicts = TopicProbe.open(Topics.SYNC_CONFLICTS)) {
            PullCommand second = requestRunAndAwaitCommand();
            send(new RecordBatch(second.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Anna", T2)), List.of(), 0));
            send(new PullCompleted(second.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of()));
            awaitStatus(second.runId(), RunStatus.SUCCEEDED);
            return conflicts.next(ConflictDetected.class);
        }
    }

    @Test
    void underRemoteWinsTheSisValueReplacesTheLocalEdit() throws Exception {
        Integration integration = integrations.find(INTEGRATION).orElseThrow();
        integrations.save(new Integration(INTEGRATION, integration.name(), integration.connector(), integration.connection(), null, true,
                "remote-wins", List.of(), integration.createdAt(), integration.updatedAt()));
        PullCommand first = requestRunAndAwaitCommand();
        send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        awaitStatus(first.runId(), RunStatus.SUCCEEDED);
        localEdits.edit(INTEGRATION, EntityType.USERS, "u1", Map.of("givenName", "Ann"), "tester");

        PullCommand second = requestRunAndAwaitCommand();
        send(new RecordBatch(second.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Anna", T2)), List.of(), 0));
        send(new PullCompleted(second.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of()));

        SyncRun run = awaitStatus(second.runId(), RunStatus.SUCCEEDED);
        assertThat(run.counts().conflicts()).isZero();
        assertThat(record("u1").getString("givenName")).isEqualTo("Anna");
    }

    @Test
    void aCancelledRunAppliesNoLateBatchKeepsTheCursorAndStartsItsFollowUp() throws Exception {
        PullCommand first = requestRunAndAwaitCommand();
        publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(), "tester", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs.active(INTEGRATION, Direction.PULL)).hasSize(2));

        SyncRun cancelled = dispatcher.cancel(first.runId(), "operator").orElseThrow();

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        PullCommand followUp = awaitCommand();
        assertThat(followUp.runId()).isNotEqualTo(first.runId());
        // Started on the canceller's thread, the follow-up's command still carries the follow-up's own correlation id.
        assertThat(commandCorrelationIds.get(followUp.runId())).isEqualTo(runs.find(followUp.runId()).orElseThrow().correlationId());
        send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u9", "Late", T1)), List.of(), 0));
        send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of()));
        send(new PullCompleted(followUp.runId(), INTEGRATION, 0, Map.of(), List.of()));
        awaitStatus(followUp.runId(), RunStatus.SUCCEEDED);
        assertThat(record("u9").exists()).isFalse();
        assertThat(runs.find(first.runId()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cursors.forIntegration(INTEGRATION)).doesNotContainKey(EntityType.USERS);
    }

    @Test
    void aBurstOfWebhooksYieldsOneRunNowAndOneQueuedRunWhenTheIntervalIsUp() {
        for (int i = 0; i < 50; i++) {
            publisher.publishAndWait(Topics.SIS_CHANGES, INTEGRATION, UUID.randomUUID().toString(), null, new SisChangeEvent("msg_" + i,
                    ConnectorType.ONEROSTER, INTEGRATION, EntityType.USERS, List.of("u" + i), "updated", Instant.now()));
        }
        PullCommand first = awaitCommand();
        assertThat(first.mode()).isEqualTo(PullMode.TARGETED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(runs.page(INTEGRATION, 100, null, null, null)).hasSize(2));
        send(new PullCompleted(first.runId(), INTEGRATION, 0, Map.of(), List.of()));
        awaitStatus(first.runId(), RunStatus.SUCCEEDED);

        PullCommand second = awaitCommand();
        SyncRun followUp = runs.find(second.runId()).orElseThrow();
        assertThat(second.mode()).isEqualTo(PullMode.FULL);
        // Each run's command carries its own correlation id (its trigger's), not that of whatever the thread handled before.
        assertThat(commandCorrelationIds.get(first.runId())).isEqualTo(runs.find(first.runId()).orElseThrow().correlationId());
        assertThat(commandCorrelationIds.get(second.runId())).isEqualTo(followUp.correlationId())
                .isNotEqualTo(commandCorrelationIds.get(first.runId()));
        assertThat(followUp.runType()).isEqualTo(RunType.WEBHOOK);
        assertThat(java.time.Duration.between(runs.find(first.runId()).orElseThrow().startedAt(), followUp.startedAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(runs.page(INTEGRATION, 100, null, null, null)).hasSize(2);
    }

    @Test
    void aWebhookNamingIdsStartsATargetedWebhookRun() {
        SisChangeEvent change = new SisChangeEvent("msg_1", ConnectorType.ONEROSTER, INTEGRATION, EntityType.USERS,
                List.of("u1", "u2"), "updated", Instant.now());
        publisher.publishAndWait(Topics.SIS_CHANGES, INTEGRATION, UUID.randomUUID().toString(), null, change);

        PullCommand command = awaitCommand();
        assertThat(command.mode()).isEqualTo(PullMode.TARGETED);
        assertThat(command.targetIds()).containsEntry(EntityType.USERS, List.of("u1", "u2"));
        SyncRun run = runs.find(command.runId()).orElseThrow();
        assertThat(run.runType()).isEqualTo(RunType.WEBHOOK);
        assertThat(run.requestedBy()).isEqualTo("webhook:msg_1");
    }

    @Test
    void aWebhookNoticedBeforeAPullStartedIsAbsorbedByItWhileRunningOrAfterAndALaterOneStartsARun() throws Exception {
        PullCommand running = requestRunAndAwaitCommand();
        Instant started = runs.find(running.runId()).orElseThrow().startedAt();
        // A consumer that lags behind a burst handles a notice the running pull already covers: it read the SIS later.
        publisher.publishAndWait(Topics.SIS_CHANGES, INTEGRATION, UUID.randomUUID().toString(), null, new SisChangeEvent("msg_early",
                ConnectorType.ONEROSTER, INTEGRATION, EntityType.USERS, List.of("u1"), "updated", started.minusSeconds(5)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                firestore.collection("syncRuns").document(running.runId()).get().get().get("webhookIds")).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("msg_early"));
        assertThat(runs.active(INTEGRATION, Direction.PULL)).extracting(SyncRun::runId).containsExactly(running.runId());

        // Still so once that pull has finished: the notice is old news, not a reason for another run.
        send(new PullCompleted(running.runId(), INTEGRATION, 0, Map.of(), List.of()));
        awaitStatus(running.runId(), RunStatus.SUCCEEDED);
        publisher.publishAndWait(Topics.SIS_CHANGES, INTEGRATION, UUID.randomUUID().toString(), null, new SisChangeEvent("msg_lagging",
                ConnectorType.ONEROSTER, INTEGRATION, EntityType.USERS, List.of("u1"), "updated", started.minusSeconds(1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                firestore.collection("syncRuns").document(running.runId()).get().get().get("webhookIds")).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("msg_lagging"));

        publisher.publishAndWait(Topics.SIS_CHANGES, INTEGRATION, UUID.randomUUID().toString(), null, new SisChangeEvent("msg_late",
                ConnectorType.ONEROSTER, INTEGRATION, EntityType.USERS, List.of("u1"), "updated", Instant.now()));
        PullCommand next = awaitCommand();
        assertThat(next.mode()).isEqualTo(PullMode.TARGETED);
        assertThat(runs.page(INTEGRATION, 10, null, null, null)).hasSize(2);
    }

    @Test
    void triggersDuringAnActiveRunCoalesceIntoOneQueuedFollowUp() {
        PullCommand first = requestRunAndAwaitCommand();
        for (int i = 0; i < 3; i++) {
            publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                    new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(), "tester", Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(runs.active(INTEGRATION, Direction.PULL)).extracting(SyncRun::status)
                        .containsExactlyInAnyOrder(RunStatus.RUNNING, RunStatus.QUEUED));

        send(new PullCompleted(first.runId(), INTEGRATION, 0, Map.of(), List.of()));

        PullCommand followUp = awaitCommand();
        assertThat(followUp.runId()).isNotEqualTo(first.runId());
        awaitStatus(followUp.runId(), RunStatus.RUNNING);
        assertThat(runs.page(INTEGRATION, 10, null, null, null)).hasSize(2);
    }



    private PullCommand requestRunAndAwaitCommand() {
        publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(EntityType.USERS), "tester", Instant.now()));
        return awaitCommand();
    }

    private PullCommand awaitCommand() {
        List<PullCommand> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : commands.poll(Duration.ofMillis(200))) {
                Envelope<RosterEvent> envelope = codec.decode(record);
                received.add((PullCommand) envelope.data());
                commandCorrelationIds.put(((PullCommand) envelope.data()).runId(), String.valueOf(CorrelationId.of(record.headers())));
            }
            return !received.isEmpty();
        });
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    private void send(io.rostersync.core.events.SyncRecordsMessage message) {
        publisher.publishAndWait(Topics.SYNC_RECORDS, message.runId(), UUID.randomUUID().toString(), message.runId(), message);
    }

    private SyncRun awaitStatus(String runId, RunStatus status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs.find(runId)).get()
                .extracting(SyncRun::status).isEqualTo(status));
        return runs.find(runId).orElseThrow();
    }

    private DocumentSnapshot record(String id) throws Exception {
        return firestore.collection("integrations").document(INTEGRATION).collection("users").document(id).get().get();
    }

    private static RosterRecord user(String id, String givenName, Instant modified) {
        return new RosterRecord(EntityType.USERS, id, RecordStatus.ACTIVE, modified, null,
                Map.of("givenName", givenName, "familyName", "Doe", "roles", List.of(Map.of("role", "student"))));
    }
}
