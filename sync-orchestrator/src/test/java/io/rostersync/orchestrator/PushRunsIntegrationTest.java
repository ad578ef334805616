package io.rostersync.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.ConflictDetected;
import io.rostersync.core.events.ConflictResolved;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;
import io.rostersync.core.events.RosterEvent;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TopicProbe;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.orchestrator.records.LocalEdits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Push runs against the real broker and emulator; the test plays the Ed-Fi connector's part. */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=sync-orchestrator", "rostersync.orchestrator.watchdog-interval=1h"})
class PushRunsIntegrationTest {

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
    Firestore firestore;
    @Autowired
    LocalEdits edits;

    @BeforeEach
    void clear() {
        TestInfrastructure.clearFirestore();
    }

    @Test
    void aPushToAReadOnlyStandardFailsWithTheReasonAndKeepsTheEdits() throws Exception {
        seed("or-district", ConnectorType.ONEROSTER);
        edits.edit("or-district", EntityType.USERS, "u1", Map.of("givenName", "Ann"), "tester");

        SyncRun run = requestPushAndAwaitEnd("or-district");

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("does not accept writes").contains("1 local edit(s) stay in its outbox");
        assertThat(outbox("or-district").get(0).getString("status")).isEqualTo("pending");
    }

    @Test
    void anAppliedPushStoresTheNewEtagAndTheValuesAsTheNewBase() throws Exception {
        seed("edfi-district", ConnectorType.EDFI);
        try (TopicProbe commands = TopicProbe.open(Topics.EDFI_COMMANDS)) {
            edits.edit("edfi-district", EntityType.USERS, "u1", Map.of("givenName", "Ann"), "tester");
            publishPushRequest("edfi-district");
            PushCommand push = commands.next(PushCommand.class);
            assertThat(push.changes()).singleElement().satisfies(change -> {
                assertThat(change.fields()).isEqualTo(Map.of("givenName", "Ann"));
                assertThat(change.etag()).isEqualTo("\"etag-1\"");
            });

            publisher.publishAndWait(Topics.SYNC_RECORDS, push.runId(), UUID.randomUUID().toString(), push.runId(), new PushResult(push.runId(),
                    "edfi-district", List.of(new PushResult.ChangeOutcome(push.changes().get(0).changeId(), "u1", PushResult.Status.APPLIED,
                            "\"etag-2\"", null, null))));

            SyncRun run = awaitEnd(push.runId());
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.counts().updated()).isEqualTo(1);
            DocumentSnapshot record = record("edfi-district", "u1");
            assertThat(record.getString("_sync.etag")).isEqualTo("\"etag-2\"");
            assertThat(record.getString("_sync.baseSnapshot.givenName")).isEqualTo("Ann");
            assertThat(outbox("edfi-district").get(0).getString("status")).isEqualTo("pushed");
        }
    }

    @Test
    void aStaleWriteBecomesAConflictWithBothVersions() throws Exception {
        seed("edfi-district", ConnectorType.EDFI);
        try (TopicProbe commands = TopicProbe.open(Topics.EDFI_COMMANDS);
             TopicProbe conflicts = TopicProbe.open(Topics.SYNC_CONFLICTS)) {
            edits.edit("edfi-district", EntityType.USERS, "u1", Map.of("givenName", "Ann"), "tester");
            publishPushRequest("edfi-district");
            PushCommand push = commands.next(PushCommand.class);

            publisher.publishAndWait(Topics.SYNC_RECORDS, push.runId(), UUID.randomUUID().toString(), push.runId(), new PushResult(push.runId(),
                    "edfi-district", List.of(new PushResult.ChangeOutcome(push.changes().get(0).changeId(), "u1", PushResult.Status.CONFLICT,
                            "\"etag-7\"", Map.of("givenName", "Anna"), "412 Precondition Failed"))));

            SyncRun run = awaitEnd(push.runId());
            assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
            assertThat(run.counts().conflicts()).isEqualTo(1);
            ConflictDetected conflict = conflicts.next(ConflictDetected.class);
            assertThat(conflict.local()).containsEntry("givenName", "Ann");
            assertThat(conflict.remote()).containsEntry("givenName", "Anna");
            assertThat(conflict.fields()).containsExactly("givenName");
            assertThat(outbox("edfi-district").get(0).getString("status")).isEqualTo("conflict");
            // What RosterSync knows of the SIS is now its current version, so a resolution is written against it.
            DocumentSnapshot record = record("edfi-district", "u1");
            assertThat(record.getString("_sync.etag")).isEqualTo("\"etag-7\"");
            assertThat(record.getString("_sync.remoteSnapshot.givenName")).isEqualTo("Anna");
            assertThat(record.getString("givenName")).isEqualTo("Ann");
        }
    }

    @Test
    void keepingTheLocalValueOfAPushConflictPushesItAgainstTheSisCurrentVersionOnce() throws Exception {
        seed("edfi-district", ConnectorType.EDFI);
        try (TopicProbe commands = TopicProbe.open(Topics.EDFI_COMMANDS)) {
            edits.edit("edfi-district", EntityType.USERS, "u1", Map.of("givenName", "Ann"), "tester");
            publishPushRequest("edfi-district");
            PushCommand push = commands.next(PushCommand.class);
            publisher.publishAndWait(Topics.SYNC_RECORDS, push.runId(), UUID.randomUUID().toString(), push.runId(), new PushResult(push.runId(),
                    "edfi-district", List.of(new PushResult.ChangeOutcome(push.changes().get(0).changeId(), "u1", PushResult.Status.CONFLICT,
                            "\"etag-7\"", Map.of("givenName", "Anna"), "412 Precondition Failed"))));
            awaitEnd(push.runId());

            ConflictResolved keepLocal = new ConflictResolved("cf-1", "edfi-district", EntityType.USERS, "u1", "keep-local",
                    Map.of("givenName", "Ann"), "operator", Instant.now());
            publisher.publishAndWait(Topics.SYNC_RESOLUTIONS, "edfi-district", "resolution-1", "u1", keepLocal);

            // The resolution alone starts the push: nobody edits or asks for a sync.
            PushCommand again = commands.next(PushCommand.class);
            assertThat(again.changes()).singleElement().satisfies(change -> {
                assertThat(change.changeId()).isEqualTo("resolution-cf-1");
                assertThat(change.fields()).isEqualTo(Map.of("givenName", "Ann"));
                assertThat(change.etag()).isEqualTo("\"etag-7\"");
            });
            publisher.publishAndWait(Topics.SYNC_RECORDS, again.runId(), UUID.randomUUID().toString(), again.runId(), new PushResult(again.runId(),
                    "edfi-district", List.of(new PushResult.ChangeOutcome("resolution-cf-1", "u1", PushResult.Status.APPLIED,
                            "\"etag-8\"", null, null))));
            assertThat(awaitEnd(again.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);

            // A redelivered resolution changes nothing and queues nothing: the record stays as pushed.
            publisher.publishAndWait(Topics.SYNC_RESOLUTIONS, "edfi-district", "resolution-1", "u1", keepLocal);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                DocumentSnapshot record = record("edfi-district", "u1");
                assertThat(record.getString("_sync.etag")).isEqualTo("\"etag-8\"");
                assertThat(record.getString("givenName")).isEqualTo("Ann");
                assertThat(outbox("edfi-district")).filteredOn(d -> "pending".equals(d.getString("status"))).isEmpty();
            });
        }
    }

    private void seed(String integrationId, ConnectorType connector) throws Exception {
        integrations.save(new Integration(integrationId, integrationId, connector,
                new ConnectionSettings("http://127.0.0.1:1/data/v3", "http://127.0.0.1:1/oauth/token", null, "c", "config:x", List.of()),
                null, true, "manual", List.of(), Instant.now(), Instant.now()));
        firestore.collection("integrations").document(integrationId).collection("users").document("u1").set(Map.of(
                "sourcedId", "u1", "status", "active", "givenName", "Ana",
                "_sync", Map.of("etag", "\"etag-1\"", "tombstone", false, "baseSnapshot", Map.of("givenName", "Ana"),
                        "remoteSnapshot", Map.of("givenName", "Ana")))).get();
    }

    private SyncRun requestPushAndAwaitEnd(String integrationId) {
        String eventId = publishPushRequest(integrationId);
        return awaitEnd(io.rostersync.orchestrator.runs.RunDispatcher.runIdFor(eventId));
    }

    private String publishPushRequest(String integrationId) {
        String eventId = UUID.randomUUID().toString();
        publisher.publishAndWait(Topics.SYNC_REQUESTS, integrationId, eventId, null,
                new SyncRequested(integrationId, RunType.MANUAL, Direction.PUSH, List.of(), "tester", Instant.now()));
        return eventId;
    }

    private SyncRun awaitEnd(String runId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs.find(runId)).get()
                .satisfies(run -> assertThat(run.status().active()).isFalse()));
        return runs.find(runId).orElseThrow();
    }

    private List<? extends DocumentSnapshot> outbox(String integrationId) throws Exception {
        return firestore.collection("integrations").document(integrationId).collection("outbox").get().get().getDocuments();
    }

    private DocumentSnapshot record(String integrationId, String id) throws Exception {
        return firestore.collection("integrations").document(integrationId).collection("users").document(id).get().get();
    }


}
