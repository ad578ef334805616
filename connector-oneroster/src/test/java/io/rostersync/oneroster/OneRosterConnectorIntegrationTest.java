package io.rostersync.oneroster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.connector.RejectedRecordException;
import io.rostersync.core.connector.RejectedRecords;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.SyncRecordsMessage;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.kafka.KafkaEventsConfiguration;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.core.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.LongStream;
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
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service end to end with the real broker and the simulator over HTTP: a PullCommand on the broker becomes
 * numbered RecordBatches and a final outcome on sync.records; rejected records land on sync.records.DLT; a 429 storm
 * slows the pull down without losing anything; a SIS that is down fails the pull with its cause and the next pull
 * from the same cursors catches up. Each test uses its own integration id, so circuit breakers do not meet.
 */
@SpringBootTest(classes = OneRosterConnectorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=connector-oneroster", "test.sis.secret=" + Simulator.SECRET,
                "test.sis.wrong=not-the-secret", "rostersync.oneroster.page-size=100",
                "rostersync.oneroster.max-retries=4", "rostersync.oneroster.initial-backoff=50ms",
                "rostersync.oneroster.max-backoff=200ms", "rostersync.oneroster.requests-per-second=200",
                "rostersync.oneroster.circuit-breaker.sliding-window-size=10",
                "rostersync.oneroster.circuit-breaker.minimum-number-of-calls=10",
                "rostersync.oneroster.circuit-breaker.wait-in-open-state=1s"})
class OneRosterConnectorIntegrationTest {

    private static final String USERS = "/ims/oneroster/rostering/v1p2/users";
    private static final String ENROLLMENTS = "/ims/oneroster/rostering/v1p2/enrollments";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired
    private EventPublisher publisher;

    @Autowired
    private EventCodec codec;

    private final Simulator sim = Simulator.instance();
    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        sim.heal();
        sim.regenerate();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.SYNC_RECORDS));
    }

    @AfterEach
    void tearDown() {
        sim.heal();
        consumer.close();
    }

    @Test
    void aFullPullStreamsNumberedBatchesAndEndsWithPullCompleted() {
        String runId = run();
        publish(runId, "int-1", sim.connection("config:test.sis.secret"), PullMode.FULL, List.of(EntityType.ORGS, EntityType.USERS), Map.of());

        List<SyncRecordsMessage> messages = awaitOutcome(runId);

        List<RecordBatch> batches = batches(messages);
        assertThat(batches).extracting(RecordBatch::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, batches.size()).boxed().toList());
        Map<String, Long> declared = sim.counts();
        assertThat(count(batches, EntityType.ORGS)).isEqualTo(declared.get("orgs"));
        assertThat(count(batches, EntityType.USERS)).isEqualTo(declared.get("users"));
        assertThat(batches).allSatisfy(b -> assertThat(b.records()).hasSizeLessThanOrEqualTo(100));
        assertThat(messages.get(messages.size() - 1)).isInstanceOfSatisfying(PullCompleted.class, completed -> {
            assertThat(completed.batchCount()).isEqualTo(batches.size());
            assertThat(completed.cursorAfter()).containsOnlyKeys(EntityType.ORGS, EntityType.USERS);
            assertThat(completed.completeSnapshots()).containsExactly(EntityType.ORGS, EntityType.USERS);
            assertThat(completed.integrationId()).isEqualTo("int-1");
            assertThat(completed.failedRecords()).isZero();
        });
    }

    @Test
    void aOneRoster11CommandIsPulledWithSignedRequests() {
        String runId = run();
        publish(runId, "int-v1p1", sim.v1p1Connection("config:test.sis.secret"), PullMode.FULL,
                List.of(EntityType.USERS, EntityType.ENROLLMENTS), Map.of());

        List<SyncRecordsMessage> messages = awaitOutcome(runId);

        List<RecordBatch> batches = batches(messages);
        assertThat(count(batches, EntityType.USERS)).isEqualTo(sim.counts().get("users"));
        assertThat(count(batches, EntityType.ENROLLMENTS)).isEqualTo(sim.counts().get("enrollments"));
        assertThat(messages.get(messages.size() - 1)).isInstanceOfSatisfying(PullCompleted.class,
                completed -> assertThat(completed.completeSnapshots()).containsExactly(EntityType.USERS, EntityType.ENROLLMENTS));
    }

    @Test
    void invalidRecordsGoToTheDltWithTheReasonAndThePullCompletesCountingThem() {
        sim.put("orgs", """
                {"sourcedId":"org-bad","status":"active","name":"Nowhere","type":"galaxy","identifier":"X"}""");
        sim.put("users", """
                {"sourcedId":"usr-bad","status":"active","enabledUser":"true","givenName":"W","familyName":"Z",
                 "roles":[{"roleType":"primary","role":"wizard","org":{"sourcedId":"org-00001"}}]}""");
        sim.put("enrollments", """
                {"sourcedId":"enr-bad","status":"active","user":{"sourcedId":"usr-000001"},"class":{"sourcedId":"cls-00001"},
                 "school":{"sourcedId":"org-00001"},"role":"wizard"}""");
        String runId = run();

        try (TopicProbe dlt = TopicProbe.open(Topics.deadLetterOf(Topics.SYNC_RECORDS))) {
            publish(runId, "int-invalid", sim.connection("config:test.sis.secret"), PullMode.FULL,
                    List.of(EntityType.ORGS, EntityType.COURSES, EntityType.USERS, EntityType.ENROLLMENTS), Map.of());
            List<SyncRecordsMessage> messages = awaitOutcome(runId);

            Map<String, ConsumerRecord<String, byte[]>> letters = new HashMap<>();
            while (letters.size() < 3) {
                ConsumerRecord<String, byte[]> letter = dlt.nextRecord();
                if (runId.equals(header(letter, RejectedRecords.RUN_ID_HEADER))) {
                    letters.put(header(letter, RejectedRecords.SOURCED_ID_HEADER), letter);
                }
            }
            assertThat(letters).containsOnlyKeys("org-bad", "usr-bad", "enr-bad");
            assertThat(header(letters.get("org-bad"), KafkaEventsConfiguration.REASON_HEADER))
                    .startsWith("orgs record org-bad has 'galaxy' in type, which is not one of department, district,");
            assertThat(header(letters.get("usr-bad"), KafkaEventsConfiguration.REASON_HEADER))
                    .startsWith("users record usr-bad has 'wizard' in roles[].role");
            assertThat(header(letters.get("enr-bad"), KafkaEventsConfiguration.REASON_HEADER))
                    .startsWith("enrollments record enr-bad has 'wizard' in role");
            assertThat(letters.values()).allSatisfy(letter -> {
                assertThat(letter.key()).isEqualTo("int-invalid");
                assertThat(header(letter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.SYNC_RECORDS);
                assertThat(header(letter, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo(RejectedRecordException.class.getName());
            });
            assertThat(new String(letters.get("enr-bad").value(), StandardCharsets.UTF_8)).contains("\"enr-bad\"").contains("\"wizard\"");

            List<RecordBatch> batches = batches(messages);
            assertThat(batches.stream().mapToLong(RecordBatch::failedRecords).sum()).isEqualTo(3);
            assertThat(count(batches, EntityType.USERS)).as("the rest of the pull went on").isEqualTo(sim.counts().get("users") - 1);
            assertThat(messages.get(messages.size() - 1)).isInstanceOfSatisfying(PullCompleted.class, completed -> {
                assertThat(completed.failedRecords()).isEqualTo(3);
                assertThat(completed.completeSnapshots()).as("types with a rejected record are not complete")
                        .containsExactly(EntityType.COURSES);
            });
        }
    }

    @Test
    void underA429StormThePullSlowsDownHonoursRetryAfterCompletesAndLosesNothing() {
        sim.faults("""
                {"pathPattern":"%s","kind":"status","status":429,"retryAfterSeconds":1,"count":3}""".formatted(USERS), """
                {"pathPattern":"%s","kind":"status","status":429,"retryAfterSeconds":1,"count":2}""".formatted(ENROLLMENTS), """
                {"pathPattern":"/oauth2/token","kind":"status","status":429,"retryAfterSeconds":1,"count":1}""");
        String runId = run();

        Instant started = Instant.now();
        publish(runId, "int-storm", sim.connection("config:test.sis.secret"), PullMode.FULL,
                List.of(EntityType.USERS, EntityType.ENROLLMENTS), Map.of());
        List<SyncRecordsMessage> messages = awaitOutcome(runId);
        Duration took = Duration.between(started, Instant.now());

        List<RecordBatch> batches = batches(messages);
        assertThat(messages.get(messages.size() - 1)).isInstanceOf(PullCompleted.class);
        assertThat(ids(batches, EntityType.USERS)).doesNotHaveDuplicates().hasSize(sim.counts().get("users").intValue());
        assertThat(ids(batches, EntityType.ENROLLMENTS)).doesNotHaveDuplicates().hasSize(sim.counts().get("enrollments").intValue());
        assertThat(sim.faultRules()).allSatisfy(rule -> assertThat(rule.path("remaining").asInt()).isZero());
        assertThat(took).as("six answers asked for a second each; the configured backoff is 50-200 ms")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void whenTheSisIsDownThePullFailsWithTheCauseAndTheNextPullFromTheSameCursorsCatchesUp() {
        List<EntityType> types = List.of(EntityType.USERS, EntityType.ENROLLMENTS);
        String first = run();
        publish(first, "int-down", sim.connection("config:test.sis.secret"), PullMode.FULL, types, Map.of());
        PullCompleted baseline = (PullCompleted) last(awaitOutcome(first));
        List<String> changedUsers = sim.change("users", 5);
        List<String> changedEnrollments = sim.change("enrollments", 3);
        sim.faults("""
                {"pathPattern":"%s","kind":"reset"}""".formatted(ENROLLMENTS));

        String failing = run();
        publish(failing, "int-down", sim.connection("config:test.sis.secret"), PullMode.INCREMENTAL, types, baseline.cursorAfter());
        List<SyncRecordsMessage> failed = awaitOutcome(failing);

        assertThat(failed).noneMatch(PullCompleted.class::isInstance);
        assertThat(last(failed)).isInstanceOfSatisfying(PullFailed.class, f -> {
            assertThat(f.errorClass()).isEqualTo("unreachable");
            assertThat(f.reason()).contains(ENROLLMENTS).contains("failed: IOException").contains("(5 attempts)");
            assertThat(f.batchesSent()).as("the users changed before the SIS went down were sent").isEqualTo(1);
        });

        sim.heal();
        // The failures may have opened the integration's circuit: pulls fail fast until its wait is over, as a replay would.
        List<SyncRecordsMessage> caughtUp = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String recovered = run();
            publish(recovered, "int-down", sim.connection("config:test.sis.secret"), PullMode.INCREMENTAL, types, baseline.cursorAfter());
            return awaitOutcome(recovered);
        }, messages -> last(messages) instanceof PullCompleted);

        // The incremental overlap (1 s) may re-deliver records changed just before the cursor; they are unchanged ones.
        assertThat(ids(batches(caughtUp), EntityType.USERS)).containsAll(changedUsers).doesNotHaveDuplicates();
        assertThat(ids(batches(caughtUp), EntityType.ENROLLMENTS)).containsAll(changedEnrollments).doesNotHaveDuplicates();
        assertThat(batches(caughtUp)).flatMap(RecordBatch::records)
                .filteredOn(r -> !changedUsers.contains(r.sourcedId()) && !changedEnrollments.contains(r.sourcedId()))
                .allSatisfy(r -> assertThat(r.dateLastModified())
                        .isBeforeOrEqualTo(Instant.parse(baseline.cursorAfter().get(r.entityType()))));
        assertThat(last(caughtUp)).isInstanceOfSatisfying(PullCompleted.class, completed -> {
            for (EntityType type : types) {
                assertThat(Instant.parse(completed.cursorAfter().get(type))).isAfter(Instant.parse(baseline.cursorAfter().get(type)));
            }
        });
    }

    @Test
    void anOpenCircuitFailsThePullAtOnceNamingTheCause() {
        sim.faults("""
                {"pathPattern":"/**","kind":"status","status":503}""");
        for (int i = 0; i < 2; i++) {
            String runId = run();
            publish(runId, "int-cb", sim.connection("config:test.sis.secret"), PullMode.FULL, List.of(EntityType.ORGS), Map.of());
            assertThat(last(awaitOutcome(runId))).isInstanceOfSatisfying(PullFailed.class,
                    f -> assertThat(f.reason()).contains("answered 503").contains("on all 5 attempts"));
        }
        int calls = sim.faultRules().get(0).path("applied").asInt();

        String runId = run();
        publish(runId, "int-cb", sim.connection("config:test.sis.secret"), PullMode.FULL, List.of(EntityType.ORGS), Map.of());

        assertThat(last(awaitOutcome(runId))).isInstanceOfSatisfying(PullFailed.class, f -> {
            assertThat(f.errorClass()).isEqualTo("unreachable");
            assertThat(f.reason()).contains("was not called: the circuit breaker for int-cb is open because its SIS kept failing");
        });
        assertThat(sim.faultRules().get(0).path("applied").asInt()).isEqualTo(calls);
    }

    @Test
    void aWrongSecretEndsThePullWithPullFailedAuth() {
        String runId = run();
        publish(runId, "int-1", sim.connection("config:test.sis.wrong"), PullMode.FULL, List.of(), Map.of());

        List<SyncRecordsMessage> messages = awaitOutcome(runId);

        assertThat(messages).singleElement().isInstanceOfSatisfying(PullFailed.class, failed -> {
            assertThat(failed.errorClass()).isEqualTo("auth");
            assertThat(failed.reason()).contains("invalid_client").contains(Simulator.CLIENT_ID).doesNotContain("not-the-secret");
            assertThat(failed.batchesSent()).isZero();
        });
    }

    @Test
    void anUnreachableSisFailsThePullAndKeepsTheCommandInItsDltForReplay() {
        String runId = run();
        try (TopicProbe dlt = TopicProbe.open(Topics.deadLetterOf(Topics.ONEROSTER_COMMANDS))) {
            var dead = new ConnectionSettings("http://127.0.0.1:1/ims/oneroster/rostering/v1p2",
                    "http://127.0.0.1:1/oauth2/token", "1.2", Simulator.CLIENT_ID, "config:test.sis.secret", List.of());
            publisher.publishAndWait(Topics.ONEROSTER_COMMANDS, "int-unreachable", runId + "/pull", runId,
                    new PullCommand(runId, "int-unreachable", dead, PullMode.FULL, List.of(EntityType.USERS), Map.of(), Map.of()));

            assertThat(awaitOutcome(runId)).singleElement().isInstanceOfSatisfying(PullFailed.class,
                    failed -> assertThat(failed.errorClass()).isEqualTo("unreachable"));
            PullCommand kept = dlt.next(PullCommand.class);
            assertThat(kept.runId()).isEqualTo(runId);
        }
    }

    private static String run() {
        return "run-" + UUID.randomUUID();
    }

    private void publish(String runId, String integrationId, ConnectionSettings connection, PullMode mode, List<EntityType> types,
                         Map<EntityType, String> cursors) {
        PullCommand command = new PullCommand(runId, integrationId, connection, mode, types, cursors, Map.of());
        publisher.publishAndWait(Topics.ONEROSTER_COMMANDS, integrationId, runId + "/command", runId, command);
    }

    /** This run's messages on sync.records, in order, up to its PullCompleted or PullFailed. */
    private List<SyncRecordsMessage> awaitOutcome(String runId) {
        List<SyncRecordsMessage> messages = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (runId.equals(record.key())) {
                    messages.add(codec.decode(record, SyncRecordsMessage.class).data());
                }
            }
            assertThat(messages).last().isInstanceOfAny(PullCompleted.class, PullFailed.class);
        });
        return messages;
    }

    private static SyncRecordsMessage last(List<SyncRecordsMessage> messages) {
        return messages.get(messages.size() - 1);
    }

    private static List<RecordBatch> batches(List<SyncRecordsMessage> messages) {
        return messages.stream().filter(RecordBatch.class::isInstance).map(RecordBatch.class::cast).toList();
    }

    private static long count(List<RecordBatch> batches, EntityType type) {
        return batches.stream().filter(b -> b.entityType() == type).mapToLong(b -> b.records().size()).sum();
    }

    private static List<String> ids(List<RecordBatch> batches, EntityType type) {
        return batches.stream().filter(b -> b.entityType() == type).flatMap(b -> b.records().stream()).map(RosterRecord::sourcedId).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
