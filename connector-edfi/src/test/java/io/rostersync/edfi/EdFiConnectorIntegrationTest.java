package io.rostersync.edfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.events.SyncRecordsMessage;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A pull command on the real broker is answered with record batches from the simulator's Ed-Fi API and a PullCompleted; an unreachable SIS with a transient PullFailed. */
@SpringBootTest(classes = EdFiConnectorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=connector-edfi", "test.sis.secret=" + Simulator.SECRET,
                "rostersync.edfi.max-retries=1", "rostersync.edfi.initial-backoff=10ms"})
class EdFiConnectorIntegrationTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired
    private EventPublisher publisher;

    @Autowired
    private EventCodec codec;

    private final Simulator sim = Simulator.instance();

    @Test
    void aFullPullStreamsBatchesAndCompletesWithChangeVersionCursors() {
        TestInfrastructure.clearFirestore();
        sim.regenerate();
        String runId = "run-" + UUID.randomUUID();
        publisher.publishAndWait(Topics.EDFI_COMMANDS, "int-edfi", runId + "/command", runId,
                new PullCommand(runId, "int-edfi", sim.connection("config:test.sis.secret"), PullMode.FULL, List.of(), Map.of(), Map.of()));

        List<SyncRecordsMessage> messages = collect(runId, m -> m instanceof PullCompleted || m instanceof PullFailed);

        assertThat(messages.get(messages.size() - 1)).isInstanceOfSatisfying(PullCompleted.class, done -> {
            assertThat(done.batchCount()).isEqualTo(messages.size() - 1);
            assertThat(done.cursorAfter()).containsKeys(EntityType.USERS, EntityType.ENROLLMENTS);
            assertThat(done.cursorAfter().get(EntityType.USERS)).matches("\\d+");
        });
        long users = messages.stream().filter(RecordBatch.class::isInstance).map(RecordBatch.class::cast)
                .filter(b -> b.entityType() == EntityType.USERS).mapToLong(b -> b.records().size()).sum();
        assertThat(users).isEqualTo(212);
    }

    @Test
    void anUnreachableSisEndsThePullWithATransientFailure() {
        String runId = "run-" + UUID.randomUUID();
        ConnectionSettings connection = new ConnectionSettings("http://127.0.0.1:1/data/v3", "http://127.0.0.1:1/oauth/token", "7",
                "client", "config:test.sis.secret", List.of());
        publisher.publishAndWait(Topics.EDFI_COMMANDS, "int-edfi", runId + "/command", runId,
                new PullCommand(runId, "int-edfi", connection, PullMode.FULL, List.of(), Map.of(), Map.of()));

        List<SyncRecordsMessage> messages = collect(runId, PullFailed.class::isInstance);

        assertThat(messages).singleElement().isInstanceOfSatisfying(PullFailed.class, failed -> {
            assertThat(failed.errorClass()).isEqualTo("unreachable");
            assertThat(failed.batchesSent()).isZero();
        });
    }

    private List<SyncRecordsMessage> collect(String runId, java.util.function.Predicate<SyncRecordsMessage> last) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<SyncRecordsMessage> messages = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SYNC_RECORDS));
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (runId.equals(record.key())) {
                        messages.add(codec.decode(record, SyncRecordsMessage.class).data());
                    }
                }
                assertThat(messages).anyMatch(last);
            });
        }
        return messages;
    }
}
