package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.ConflictDetected;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.RosterEvent;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * For every topic RosterSync consumes: a poison message (an unknown major version of the topic's event) lands in
 * the topic's DLT with its reason, the consumer moves on and handles the next message, and the dead-letter API
 * lists the poison message.
 */
class PoisonMessageEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();

    @BeforeAll
    static void startStack() {
        stack = StackFixture.stack();
    }

    static List<Arguments> consumedTopics() {
        return List.of(
                Arguments.of(Topics.SIS_CHANGES, "sync-orchestrator"),
                Arguments.of(Topics.SYNC_REQUESTS, "sync-orchestrator"),
                Arguments.of(Topics.SYNC_RECORDS, "sync-orchestrator"),
                Arguments.of(Topics.SYNC_RESOLUTIONS, "sync-orchestrator"),
                Arguments.of(Topics.ONEROSTER_COMMANDS, "connector-oneroster"),
                Arguments.of(Topics.EDFI_COMMANDS, "connector-edfi"),
                Arguments.of(Topics.SYNC_CONFLICTS, "conflict-service"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consumedTopics")
    void aPoisonMessageIsDeadLetteredWithItsReasonAndTheConsumerMovesOn(String topic, String group) throws Exception {
        String key = "e2e-poison-" + UUID.randomUUID();
        String poisonId = UUID.randomUUID().toString();
        KafkaTemplate<String, byte[]> template = kafkaTemplate();
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(topic, key, "{\"whatever\":1}".getBytes(StandardCharsets.UTF_8));
        poison.headers().add("ce_specversion", utf8("1.0")).add("ce_id", utf8(poisonId))
                .add("ce_type", utf8("rostersync.sync-requested.v9")).add("ce_source", utf8("/e2e")).add("content-type", utf8("application/json"));
        RecordMetadata poisonAt = template.send(poison).get().getRecordMetadata();

        // The next message on the same key (so the same partition, after the poison).
        String runId = "run-e2e-" + UUID.randomUUID();
        RosterEvent next = nextMessage(topic, key, runId);
        RecordMetadata nextAt = stack.context(Service.ORCHESTRATOR).getBean(EventPublisher.class)
                .publishAndWait(topic, key, UUID.randomUUID().toString(), key, next).getRecordMetadata();
        assertThat(nextAt.partition()).isEqualTo(poisonAt.partition());

        // In the dead-letter API, with the reason and the failure headers.
        String letterId = topic + "-" + poisonAt.partition() + "-" + poisonAt.offset();
        JsonNode letter = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
            HttpResponse<String> response = get("/api/deadletters/" + letterId);
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        }, l -> l != null);
        assertThat(letter.get("originalTopic").asString()).isEqualTo(topic);
        assertThat(letter.get("eventId").asString()).isEqualTo(poisonId);
        assertThat(letter.get("key").asString()).isEqualTo(key);
        assertThat(letter.get("exceptionClass").asString()).isEqualTo("io.rostersync.core.events.UnsupportedEventException");
        assertThat(letter.get("error").asString()).contains("v9");
        assertThat(letter.get("headers").get("rostersync-dlt-attempts").asString()).isEqualTo("1");
        assertThat(letter.get("headers").get("rostersync-dlt-failed-at").asString()).isNotBlank();
        assertThat(letter.get("headers").get("kafka_dlt-original-consumer-group").asString()).isEqualTo(group);
        JsonNode listed = json.readTree(get("/api/deadletters?topic=" + topic + "&integrationId=" + key).body()).get("items");
        // Listed once; the orchestrator may dead-letter the follow-up message as well, since it names an integration
        // that does not exist, which is its business.
        assertThat(java.util.stream.StreamSupport.stream(listed.spliterator(), false)
                .filter(item -> poisonId.equals(item.get("eventId").asString()))).hasSize(1);

        // The consumer moved on: its group committed past the next message ...
        TopicPartition partition = new TopicPartition(topic, nextAt.partition());
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
            await().atMost(TIMEOUT).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
                assertThat(committed).isNotNull();
                assertThat(committed.offset()).isGreaterThan(nextAt.offset());
            });
        }
        // ... and, where the next message has a visible effect, it took effect.
        nextMessageTookEffect(topic, runId, key);
    }

    /** A well-formed message for the topic that touches nothing the other end-to-end tests rely on. */
    private RosterEvent nextMessage(String topic, String key, String runId) {
        Instant now = Instant.now();
        return switch (topic) {
            case Topics.SIS_CHANGES -> new SisChangeEvent("msg_" + key, ConnectorType.ONEROSTER, key, EntityType.USERS, List.of("usr-1"), "updated", now);
            case Topics.SYNC_REQUESTS -> new SyncRequested(key, RunType.MANUAL, Direction.PULL, List.of(EntityType.ORGS), "e2e", now);
            case Topics.SYNC_RECORDS -> new PullFailed(runId, key, "e2e", "protocol", 0);
            case Topics.SYNC_RESOLUTIONS -> new io.rostersync.core.events.ConflictResolved("conflict-" + key, key, EntityType.USERS,
                    "usr-1", "keep-remote", Map.of("givenName", "A"), "e2e", now);
            case Topics.ONEROSTER_COMMANDS, Topics.EDFI_COMMANDS -> new PullCommand(runId, key,
                    new ConnectionSettings("http://127.0.0.1:1/ims/oneroster/rostering/v1p2", "http://127.0.0.1:1/token", "1.2",
                            "nobody", "config:e2e.missing.secret", List.of()), PullMode.FULL, List.of(EntityType.ORGS), Map.of(), Map.of());
            case Topics.SYNC_CONFLICTS -> new ConflictDetected("conflict-" + key, key, EntityType.USERS, "usr-1", runId,
                    Map.of("givenName", "A"), Map.of("givenName", "B"), Map.of("givenName", "C"), List.of("givenName"), now);
            default -> throw new IllegalArgumentException(topic);
        };
    }

    private void nextMessageTookEffect(String topic, String runId, String key) throws Exception {
        switch (topic) {
            case Topics.ONEROSTER_COMMANDS, Topics.EDFI_COMMANDS -> assertOutcomeOnSyncRecords(runId);
            case Topics.SYNC_CONFLICTS -> await().atMost(TIMEOUT).untilAsserted(() -> assertThat(firestore()
                    .collection("syncConflicts").document("conflict-" + key).get().get().exists()).isTrue());
            default -> {
                // The orchestrator's answer to a message about an unknown integration, run or record is its own
                // business; committing past it is what shows it was not blocked by the poison.
            }
        }
    }

    /** The connector answered the command: a PullCompleted or PullFailed for the run on sync.records. */
    private void assertOutcomeOnSyncRecords(String runId) {
        EventCodec codec = new EventCodec("/e2e");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(Topics.SYNC_RECORDS));
            await().atMost(TIMEOUT).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    if (runId.equals(record.key())) {
                        RosterEvent event = codec.decode(record).data();
                        if (event instanceof PullFailed || event instanceof io.rostersync.core.events.PullCompleted) {
                            return true;
                        }
                    }
                }
                return false;
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static KafkaTemplate<String, byte[]> kafkaTemplate() {
        return stack.context(Service.ORCHESTRATOR).getBean(KafkaTemplate.class);
    }

    private Firestore firestore() {
        return stack.context(Service.ORCHESTRATOR).getBean(Firestore.class);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.url(Service.DEAD_LETTERS) + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + StackFixture.VIEWER).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
