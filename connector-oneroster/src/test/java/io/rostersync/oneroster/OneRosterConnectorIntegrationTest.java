package io.rostersync.oneroster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.SyncRecordsMessage;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service end to end: a PullCommand on the broker becomes numbered RecordBatches and a final outcome on sync.records. */
@SpringBootTest(classes = OneRosterConnectorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=connector-oneroster", "test.sis.secret=" + Simulator.SECRET,
                "test.sis.wrong=not-the-secret", "rostersync.oneroster.page-size=100",
                "rostersync.oneroster.max-retries=1", "rostersync.oneroster.initial-backoff=50ms"})
class OneRosterConnectorIntegrationTest {

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
        consumer.close();
    }

    @Test
    void aFullPullStreamsNumberedBatchesAndEndsWithPullCompleted() {
        String runId = "run-" + UUID.randomUUID();
        publish(runId, "config:test.sis.secret", List.of(EntityType.ORGS, EntityType.USERS));

        List<SyncRecordsMessage> messages = awaitOutcome(runId);

        List<RecordBatch> batches = messages.stream().filter(RecordBatch.class::isInstance).map(RecordBatch.class::cast).toList();
        assertThat(batches).extracting(RecordBatch::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, batches.size()).boxed().toList());
        Map<String, Long> declared = sim.counts();
        assertThat(batches.stream().filter(b -> b.entityType() == EntityType.ORGS).mapToLong(b -> b.records().size()).sum())
                .isEqualTo(declared.get("orgs"));
        assertThat(batches.stream().filter(b -> b.entityType() == EntityType.USERS).mapToLong(b -> b.records().size()).sum())
                .isEqualTo(declared.get("users"));
        assertThat(batches).allSatisfy(b -> assertThat(b.records()).hasSizeLessThanOrEqualTo(100));
        assertThat(messages.get(messages.size() - 1)).isInstanceOfSatisfying(PullCompleted.class, completed -> {
            assertThat(completed.batchCount()).isEqualTo(batches.size());
            assertThat(completed.cursorAfter()).containsOnlyKeys(EntityType.ORGS, EntityType.USERS);
            assertThat(completed.completeSnapshots()).containsExactly(EntityType.ORGS, EntityType.USERS);
            assertThat(completed.integrationId()).isEqualTo("int-1");
        });
    }

    @Test
    void aWrongSecretEndsThePullWithPullFailedAuth() {
        String runId = "run-" + UUID.randomUUID();
        publish(runId, "config:test.sis.wrong", List.of());

        List<SyncRecordsMessage> messages = awaitOutcome(runId);

        assertThat(messages).singleElement().isInstanceOfSatisfying(PullFailed.class, failed -> {
            assertThat(failed.errorClass()).isEqualTo("auth");
            assertThat(failed.reason()).contains("invalid_client").contains(Simulator.CLIENT_ID).doesNotContain("not-the-secret");
            assertThat(failed.batchesSent()).isZero();
        });
    }

    @Test
    void anUnreachableSisFailsThePullAndKeepsTheCommandInItsDltForReplay() {
        String runId = "run-" + UUID.randomUUID();
        try (io.rostersync.core.testsupport.TopicProbe dlt = io.rostersync.core.testsupport.TopicProbe.open(Topics.deadLetterOf(Topics.ONEROSTER_COMMANDS))) {
            var dead = new io.rostersync.core.events.ConnectionSettings("http://127.0.0.1:1/ims/oneroster/rostering/v1p2",
                    "http://127.0.0.1:1/oauth2/token", "1.2", Simulator.CLIENT_ID, "config:test.sis.secret", List.of());
            publisher.publishAndWait(Topics.ONEROSTER_COMMANDS, "int-1", runId + "/pull", runId,
                    new PullCommand(runId, "int-1", dead, PullMode.FULL, List.of(EntityType.USERS), Map.of(), Map.of()));

            assertThat(awaitOutcome(runId)).singleElement().isInstanceOfSatisfying(PullFailed.class,
                    failed -> assertThat(failed.errorClass()).isEqualTo("unreachable"));
            PullCommand kept = dlt.next(PullCommand.class);
            assertThat(kept.runId()).isEqualTo(runId);
        }
    }

    private void publish(String runId, String credentialRef, List<EntityType> types) {
        PullCommand command = new PullCommand(runId, "int-1", sim.connection(credentialRef), PullMode.FULL, types, Map.of(), Map.of());
        publisher.publishAndWait(Topics.ONEROSTER_COMMANDS, "int-1", runId + "/command", runId, command);
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
}
