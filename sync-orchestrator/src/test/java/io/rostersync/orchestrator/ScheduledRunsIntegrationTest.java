package io.rostersync.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two orchestrator replicas against one broker and one Firestore: every cron tick yields exactly one run.
 * The test plays the connector, completing each pull at once so that every tick can start a new run.
 */
class ScheduledRunsIntegrationTest {

    private static final String INTEGRATION = "scheduled-district";
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;
    private final AtomicBoolean responding = new AtomicBoolean(true);
    private Thread connector;

    @BeforeEach
    void startTwoReplicas() {
        TestInfrastructure.clearFirestore();
        first = start();
        second = start();
        connector = new Thread(this::completeEveryPull, "fake-connector");
        connector.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        responding.set(false);
        connector.join(10_000);
        first.close();
        second.close();
    }

    @Test
    void everyTickOfASharedScheduleYieldsExactlyOneRun() {
        Integrations integrations = first.getBean(Integrations.class);
        integrations.save(new Integration(INTEGRATION, "Scheduled", ConnectorType.ONEROSTER,
                new ConnectionSettings("http://127.0.0.1:1/v1p2", "http://127.0.0.1:1/token", "1.2", "c", "config:x", List.of()),
                "*/2 * * * * *", true, "manual", List.of(), Instant.now(), Instant.now()));
        SyncRuns runs = first.getBean(SyncRuns.class);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(runs.page(INTEGRATION, 50, null, RunStatus.SUCCEEDED.value(), null)).hasSizeGreaterThanOrEqualTo(4));

        List<SyncRun> all = runs.page(INTEGRATION, 50, null, null, null);
        assertThat(all).allSatisfy(run -> assertThat(run.runType()).isEqualTo(RunType.SCHEDULED));
        List<Instant> ticks = all.stream().map(run -> Instant.parse(run.triggerId().substring(INTEGRATION.length() + 1))).toList();
        assertThat(ticks).doesNotHaveDuplicates();
        assertThat(ticks).allSatisfy(tick -> assertThat(tick.getEpochSecond() % 2).isZero());
    }

    private void completeEveryPull() {
        EventCodec codec = new EventCodec("/test/fake-connector");
        EventPublisher publisher = first.getBean(EventPublisher.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "fake-connector-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(Topics.ONEROSTER_COMMANDS));
            while (responding.get()) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (codec.decode(record).data() instanceof PullCommand pull && INTEGRATION.equals(pull.integrationId())) {
                        publisher.publishAndWait(Topics.SYNC_RECORDS, pull.runId(), UUID.randomUUID().toString(), pull.runId(),
                                new PullCompleted(pull.runId(), INTEGRATION, 0, Map.of(), List.of()));
                    }
                });
            }
        }
    }

    private static ConfigurableApplicationContext start() {
        return OrchestratorApplication.builder().run("--server.port=0",
                "--rostersync.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers(),
                "--rostersync.firestore.emulator-host=" + FirestoreEmulator.instance().hostPort(),
                "--rostersync.firestore.project-id=" + FirestoreEmulator.PROJECT_ID,
                "--rostersync.orchestrator.schedule-check-interval=200ms",
                "--rostersync.orchestrator.watchdog-interval=1h");
    }
}
