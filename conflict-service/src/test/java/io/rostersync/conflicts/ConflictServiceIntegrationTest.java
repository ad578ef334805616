package io.rostersync.conflicts;

import io.rostersync.core.testsupport.OpenApiContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.ConflictDetected;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(classes = ConflictServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=conflict-service",
                "rostersync.security.tokens[0].name=viewer",
                "rostersync.security.tokens[0].value=viewer-token-0123456789",
                "rostersync.security.tokens[0].role=VIEWER",
                "rostersync.security.tokens[1].name=olga-operator",
                "rostersync.security.tokens[1].value=operator-token-0123456789",
                "rostersync.security.tokens[1].role=OPERATOR",
                // Keep the poison test quick: one retry, short backoff (it is permanent anyway).
                "rostersync.kafka.retry-attempts=2",
                "rostersync.kafka.retry-backoff=100ms"})
class ConflictServiceIntegrationTest {

    private static final String VIEWER = "viewer-token-0123456789";
    private static final Duration ASYNC = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    EventPublisher publisher;

    private OpenApiContract api;

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        api = new OpenApiContract(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(40)).build());
    }

    @Test
    void aRedeliveredConflictIsStoredOnce() {
        String integrationId = "int-" + UUID.randomUUID();
        ConflictDetected conflict = conflict(integrationId, "cf-" + UUID.randomUUID());
        String eventId = UUID.randomUUID().toString();
        publisher.publishAndWait(Topics.SYNC_CONFLICTS, integrationId, eventId, conflict.recordId(), conflict);
        publisher.publishAndWait(Topics.SYNC_CONFLICTS, integrationId, eventId, conflict.recordId(), conflict);
        // Same key, same partition: once this later conflict is stored, both copies above were processed.
        ConflictDetected marker = conflict(integrationId, "cf-marker-" + UUID.randomUUID());
        publisher.publishAndWait(Topics.SYNC_CONFLICTS, integrationId, UUID.randomUUID().toString(), marker.recordId(), marker);

        await().atMost(ASYNC).untilAsserted(() -> api.get("/api/conflicts/" + marker.conflictId(), VIEWER, 200));

        JsonNode list = api.get("/api/conflicts?integrationId=" + integrationId + "&status=open", VIEWER, 200).get("items");
        assertThat(list).hasSize(2);
        List<String> ids = new ArrayList<>();
        list.forEach(c -> ids.add(c.get("conflictId").asString()));
        assertThat(ids).containsExactlyInAnyOrder(conflict.conflictId(), marker.conflictId());

        JsonNode stored = api.get("/api/conflicts/" + conflict.conflictId(), VIEWER, 200);
        assertThat(stored.get("status").asString()).isEqualTo("open");
        assertThat(stored.get("entityType").asString()).isEqualTo("users");
        assertThat(stored.get("fields").get(0).asString()).isEqualTo("givenName");
        assertThat(stored.get("remoteSnapshot").get("givenName").asString()).isEqualTo("Anna");
        assertThat(stored.get("detectedAt").asString()).isEqualTo("2026-11-23T08:52:00.123Z");
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextIsStillProcessed() {
        String integrationId = "int-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.SYNC_CONFLICTS, integrationId,
                    "\u0000not json, no CloudEvents headers".getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce the poison message", e);
        }
        ConflictDetected good = conflict(integrationId, "cf-" + UUID.randomUUID());
        publisher.publishAndWait(Topics.SYNC_CONFLICTS, integrationId, UUID.randomUUID().toString(), good.recordId(), good);

        ConsumerRecord<String, byte[]> dead = awaitRecord(Topics.deadLetterOf(Topics.SYNC_CONFLICTS), integrationId);
        assertThat(EventCodec.header(dead.headers(), KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.SYNC_CONFLICTS);
        assertThat(EventCodec.header(dead.headers(), KafkaHeaders.DLT_EXCEPTION_FQCN)).isNotBlank();
        assertThat(EventCodec.header(dead.headers(), KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("ce_id");
        assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)).isNotNull();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("not json");

        await().atMost(ASYNC).untilAsserted(() -> api.get("/api/conflicts/" + good.conflictId(), VIEWER, 200));
    }

    @Test
    void answersProblemDetailsForBadQueriesUnknownIdsAndMissingTokens() {
        assertThat(api.get("/api/conflicts/nope", VIEWER, 404).get("detail").asString()).contains("nope");
        assertThat(api.get("/api/conflicts?limit=0", VIEWER, 400).get("detail").asString()).contains("limit");
        assertThat(api.get("/api/conflicts?status=closed", VIEWER, 400).get("detail").asString()).contains("open");
        api.get("/api/conflicts", null, 401);
        assertThat(api.get("/api/conflicts", VIEWER, 200).get("items")).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "conflict-service-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(ASYNC).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen).anyMatch(r -> key.equals(r.key()));
            });
        }
        return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private static ConflictDetected conflict(String integrationId, String conflictId) {
        return new ConflictDetected(conflictId, integrationId, EntityType.USERS, "usr-" + conflictId, "run-1",
                Map.of("givenName", "Ana"), Map.of("givenName", "Ann"), Map.of("givenName", "Anna"),
                List.of("givenName"), Instant.parse("2026-11-23T08:52:00.123Z"));
    }
}
