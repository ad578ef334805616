package io.rostersync.deadletters;

import io.rostersync.core.testsupport.OpenApiContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.CloudEventHeaders;
import io.rostersync.core.events.Topics;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(classes = DeadLetterServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=deadletter-service",
                "rostersync.security.tokens[0].name=viewer",
                "rostersync.security.tokens[0].value=viewer-token-0123456789",
                "rostersync.security.tokens[0].role=VIEWER",
                "rostersync.security.tokens[1].name=operator",
                "rostersync.security.tokens[1].value=operator-token-0123456789",
                "rostersync.security.tokens[1].role=OPERATOR",
                "rostersync.deadletters.retry.max-attempts=3",
                "rostersync.deadletters.retry.initial-backoff=300ms",
                "rostersync.deadletters.retry.multiplier=2.0",
                "rostersync.deadletters.retry.max-backoff=2s",
                "rostersync.deadletters.retry.poll-interval=100ms",
                "rostersync.deadletters.retry.lease=10s"})
class DeadLetterServiceIntegrationTest {

    private static final String VIEWER = "viewer-token-0123456789";
    private static final Duration ASYNC = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;

    private OpenApiContract api;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        api = new OpenApiContract(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(40)).build());
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    @Test
    void aDeadLetterProducedTwiceWithTheSameOriginIsStoredOnce() {
        String integrationId = "int-" + UUID.randomUUID();
        long offset = ThreadLocalRandom.current().nextLong(1_000, 1_000_000);
        String eventId = UUID.randomUUID().toString();
        byte[] payload = "{\"integrationId\":\"x\",\"runType\":\"bogus\"}".getBytes(StandardCharsets.UTF_8);
        send(deadLetter(Topics.deadLetterOf(Topics.SYNC_REQUESTS), Topics.SYNC_REQUESTS, integrationId, 2, offset, eventId, payload));
        send(deadLetter(Topics.deadLetterOf(Topics.SYNC_REQUESTS), Topics.SYNC_REQUESTS, integrationId, 2, offset, eventId, payload));
        // Same DLT partition, written after both copies: once it is stored, both copies were processed.
        send(deadLetter(Topics.deadLetterOf(Topics.SYNC_REQUESTS), Topics.SYNC_REQUESTS, integrationId, 2, offset + 1,
                UUID.randomUUID().toString(), payload));
        String id = Topics.SYNC_REQUESTS + "-2-" + offset;
        String markerId = Topics.SYNC_REQUESTS + "-2-" + (offset + 1);

        await().atMost(ASYNC).untilAsserted(() -> api.get("/api/deadletters/" + markerId, VIEWER, 200));

        JsonNode items = api.get("/api/deadletters?integrationId=" + integrationId + "&status=pending", VIEWER, 200).get("items");
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asString()));
        assertThat(ids).containsExactlyInAnyOrder(id, markerId);

        JsonNode letter = api.get("/api/deadletters/" + id, VIEWER, 200);
        assertThat(letter.get("originalTopic").asString()).isEqualTo(Topics.SYNC_REQUESTS);
        assertThat(letter.get("originalPartition").asInt()).isEqualTo(2);
        assertThat(letter.get("originalOffset").asLong()).isEqualTo(offset);
        assertThat(letter.get("integrationId").asString()).isEqualTo(integrationId);
        assertThat(letter.get("eventId").asString()).isEqualTo(eventId);
        assertThat(letter.get("eventType").asString()).isEqualTo("rostersync.sync-requested.v1");
        assertThat(letter.get("status").asString()).isEqualTo("pending");
        assertThat(letter.get("exceptionClass").asString()).isEqualTo("io.rostersync.core.events.UnsupportedEventException");
        assertThat(letter.get("error").asString()).contains("runType");
        assertThat(Base64.getDecoder().decode(letter.get("payloadBase64").asString())).isEqualTo(payload);
        assertThat(letter.get("headers").get(KafkaHeaders.DLT_ORIGINAL_OFFSET).asString()).isEqualTo(Long.toString(offset));
        assertThat(letter.get("headers").get(KafkaHeaders.DLT_ORIGINAL_PARTITION).asString()).isEqualTo("2");
        assertThat(letter.get("headers").get("binary").asString()).startsWith("base64:");
    }

    @Test
    void aDeadLetterTopicCreatedAfterStartIsPickedUp() {
        String topic = "rostersync-test-" + UUID.randomUUID();
        String integrationId = "int-" + UUID.randomUUID();
        send(deadLetter(Topics.deadLetterOf(topic), topic, integrationId, 0, 7, UUID.randomUUID().toString(),
                new byte[] {1, 2, 3}));

        await().atMost(ASYNC).untilAsserted(() -> api.get("/api/deadletters/" + topic + "-0-7", VIEWER, 200));
    }

    @Test
    void answersProblemDetailsForBadQueriesUnknownIdsAndMissingTokens() {
        assertThat(api.get("/api/deadletters/nope", VIEWER, 404).get("detail").asString()).contains("nope");
        assertThat(api.get("/api/deadletters?limit=500", VIEWER, 400).get("detail").asString()).contains("limit");
        api.get("/api/deadletters", null, 401);
        assertThat(api.get("/api/deadletters", VIEWER, 200).get("items")).isEmpty();
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + record.topic(), e);
        }
    }

    /** A record as Spring Kafka's DeadLetterPublishingRecoverer writes it (spring-kafka 4.0 header encodings). */
    private static ProducerRecord<String, byte[]> deadLetter(String dltTopic, String originalTopic, String key, int partition,
                                                            long offset, String eventId, byte[] payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(dltTopic, 0, key, payload);
        record.headers()
                .add(CloudEventHeaders.ID, utf8(eventId))
                .add(CloudEventHeaders.TYPE, utf8("rostersync.sync-requested.v1"))
                .add("binary", new byte[] {0, (byte) 0xff, 1})
                .add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(originalTopic))
                .add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array())
                .add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(offset).array())
                .add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(1_790_000_000_000L).array())
                .add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, utf8("sync-orchestrator"))
                .add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8("io.rostersync.core.events.UnsupportedEventException"))
                .add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8("data of event is not a valid sync-requested: bad runType"));
        return record;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
