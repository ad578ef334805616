package io.rostersync.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.core.events.CloudEventHeaders;
import io.rostersync.core.events.Topics;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.OpenApiContract;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.deadletters.retry.Republisher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Retry, replay and parking against the real broker and emulator. The properties equal those of
 * {@link DeadLetterServiceIntegrationTest} so both share one context (one consumer in the group). The test plays
 * the failing consumer itself: whatever is replayed to its topic it dead-letters again, as Spring Kafka's recoverer
 * would, carrying the replayed record's headers.
 */
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
class DeadLetterRetryIntegrationTest {

    private static final String VIEWER = "viewer-token-0123456789";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final Duration ASYNC = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    Firestore firestore;

    private OpenApiContract api;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        api = new OpenApiContract(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build());
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
    void aRetryableFailureIsRetriedWithBackoffThenParked() {
        String topic = createTopic("rostersync-retry-");
        String eventId = UUID.randomUUID().toString();
        send(deadLetter(topic, "int-1", 0, 41, eventId, "{}".getBytes(StandardCharsets.UTF_8),
                "java.lang.IllegalStateException", "Firestore unavailable", new HashMap<>()));
        String id = topic + "-0-41";
        List<ConsumerRecord<String, byte[]>> replays = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            await().atMost(ASYNC).pollInSameThread().pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> replay : consumer.poll(Duration.ofMillis(100))) {
                    replays.add(replay);
                    Map<String, byte[]> carried = new HashMap<>();
                    replay.headers().forEach(h -> carried.put(h.key(), h.value()));
                    send(deadLetter(topic, replay.key(), replay.partition(), replay.offset(), null, replay.value(),
                            "java.lang.IllegalStateException", "still unavailable", carried));
                }
                JsonNode letter = api.get("/api/deadletters/" + id, VIEWER, 200);
                assertThat(letter.get("status").asString()).isEqualTo("parked");
            });
        }
        JsonNode letter = api.get("/api/deadletters/" + id, VIEWER, 200);
        assertThat(letter.get("retryCount").asInt()).isEqualTo(3);
        assertThat(letter.get("nextRetryAt").isNull()).isTrue();
        assertThat(letter.get("error").asString()).contains("still unavailable");
        assertThat(replays).hasSize(3);
        assertThat(replays).extracting(r -> header(r.headers(), Republisher.REPLAY_COUNT)).containsExactly("1", "2", "3");
        assertThat(replays).extracting(r -> header(r.headers(), CloudEventHeaders.ID)).containsOnly(eventId);
        assertThat(replays).extracting(r -> header(r.headers(), Republisher.REPLAY_OF)).containsOnly(id);
        assertThat(replays).extracting(ConsumerRecord::key).containsOnly("int-1");
        // Backoff 300 ms doubling (± 20 %): the gaps between replays grow.
        long first = replays.get(1).timestamp() - replays.get(0).timestamp();
        long second = replays.get(2).timestamp() - replays.get(1).timestamp();
        assertThat(first).isGreaterThanOrEqualTo(400);
        assertThat(second).isGreaterThanOrEqualTo(900);
        assertThat(api.get("/api/deadletters?status=parked&topic=" + topic, VIEWER, 200).get("items")).hasSize(1);
    }

    @Test
    void anOperatorEditsRetriesAndDiscardsAndAViewerMayNot() {
        String topic = createTopic("rostersync-manual-");
        String eventId = UUID.randomUUID().toString();
        send(deadLetter(topic, "int-2", 1, 7, eventId, "{\"bad\":".getBytes(StandardCharsets.UTF_8),
                "io.rostersync.core.events.UnsupportedEventException", "unreadable", new HashMap<>()));
        String id = topic + "-1-7";
        await().atMost(ASYNC).untilAsserted(() -> api.get("/api/deadletters/" + id, VIEWER, 200));
        JsonNode stored = api.get("/api/deadletters/" + id, VIEWER, 200);
        assertThat(stored.get("status").asString()).isEqualTo("pending");
        assertThat(stored.get("nextRetryAt").isNull()).as("a permanent failure waits for an operator").isTrue();

        api.call(HttpMethod.POST, "/api/deadletters/" + id + "/retry", VIEWER, null, 403);
        api.call(HttpMethod.PUT, "/api/deadletters/" + id + "/payload", OPERATOR, Map.of("payloadBase64", "%%%"), 400);
        api.call(HttpMethod.POST, "/api/deadletters/nope/retry", OPERATOR, null, 404);
        byte[] fixed = "{\"fixed\":true}".getBytes(StandardCharsets.UTF_8);
        JsonNode edited = api.call(HttpMethod.PUT, "/api/deadletters/" + id + "/payload", OPERATOR,
                Map.of("payloadBase64", Base64.getEncoder().encodeToString(fixed)), 200);
        assertThat(edited.get("payloadEdited").asBoolean()).isTrue();

        JsonNode replayed = api.call(HttpMethod.POST, "/api/deadletters/" + id + "/retry", OPERATOR, null, 200);
        assertThat(replayed.get("status").asString()).isEqualTo("replayed");
        assertThat(replayed.get("retryCount").asInt()).isEqualTo(1);
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(ASYNC).pollInSameThread().untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen).hasSize(1);
            });
            ConsumerRecord<String, byte[]> record = seen.get(0);
            assertThat(record.key()).isEqualTo("int-2");
            assertThat(record.value()).isEqualTo(fixed);
            assertThat(header(record.headers(), CloudEventHeaders.ID)).isEqualTo(eventId);
            assertThat(header(record.headers(), Republisher.REPLAY_OF)).isEqualTo(id);
            assertThat(header(record.headers(), Republisher.REPLAY_COUNT)).isEqualTo("1");
            assertThat(record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_FQCN)).isNull();
            assertThat(record.headers().lastHeader("binary").value()).isEqualTo(new byte[] {0, (byte) 0xff, 1});
        }

        assertThat(api.call(HttpMethod.POST, "/api/deadletters/" + id + "/discard", OPERATOR, null, 200).get("status").asString())
                .isEqualTo("discarded");
        assertThat(api.call(HttpMethod.POST, "/api/deadletters/" + id + "/retry", OPERATOR, null, 409).get("detail").asString())
                .contains("discarded");
    }

    @Test
    void listsFilterAndPageWithACursor() {
        String topic = createTopic("rostersync-list-");
        for (int offset = 0; offset < 3; offset++) {
            send(deadLetter(topic, "int-3", 0, offset, UUID.randomUUID().toString(), new byte[] {1},
                    "io.rostersync.core.events.UnsupportedEventException", "bad", new HashMap<>()));
        }
        await().atMost(ASYNC).untilAsserted(() ->
                assertThat(api.get("/api/deadletters?topic=" + topic, VIEWER, 200).get("items")).hasSize(3));

        Set<String> ids = new HashSet<>();
        String after = null;
        for (int page = 0; page < 4; page++) {
            JsonNode body = api.get("/api/deadletters?limit=1&topic=" + topic + "&exceptionClass=io.rostersync.core.events.UnsupportedEventException"
                    + "&from=2020-01-01T00:00:00Z" + (after == null ? "" : "&after=" + after), VIEWER, 200);
            body.get("items").forEach(i -> ids.add(i.get("id").asString()));
            after = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asString();
            if (after == null) {
                break;
            }
        }
        assertThat(ids).containsExactlyInAnyOrder(topic + "-0-0", topic + "-0-1", topic + "-0-2");
        assertThat(api.get("/api/deadletters?topic=" + topic + "&to=2020-01-01T00:00:00Z", VIEWER, 200).get("items")).isEmpty();
        assertThat(api.get("/api/deadletters?status=bogus", VIEWER, 400).get("detail").asString()).contains("status");
        assertThat(api.get("/api/deadletters?from=yesterday", VIEWER, 400).get("detail").asString()).contains("from");
    }

    @Test
    void aBulkReplayOfTenThousandLettersReportsProgressAndSendsEachExactlyOnce() throws Exception {
        int count = 10_000;
        String topic = createTopic("rostersync-bulk-");
        seed(topic, count);

        long started = System.nanoTime();
        JsonNode job = api.call(HttpMethod.POST, "/api/deadletters/replays", OPERATOR, Map.of("topic", topic), 202);
        assertThat(job.get("total").asLong()).isEqualTo(count);
        String jobId = job.get("id").asString();
        List<Long> progress = new ArrayList<>();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode now = api.get("/api/deadletters/replays/" + jobId, VIEWER, 200);
            progress.add(now.get("done").asLong());
            assertThat(now.get("status").asString()).isEqualTo("completed");
        });
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        JsonNode done = api.get("/api/deadletters/replays/" + jobId, VIEWER, 200);
        assertThat(done.get("done").asLong()).isEqualTo(count);
        assertThat(done.get("failed").asLong()).isZero();
        assertThat(done.get("skipped").asLong()).isZero();
        assertThat(progress).isSorted();
        System.out.printf("bulk replay of %d letters took %d s; progress seen: %s%n", count, seconds, progress);

        List<String> eventIds = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            await().atMost(Duration.ofMinutes(1)).pollInSameThread().untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> eventIds.add(header(r.headers(), CloudEventHeaders.ID)));
                assertThat(eventIds).hasSizeGreaterThanOrEqualTo(count);
            });
            // Anything beyond the count would be a duplicate: read once more to catch stragglers.
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> eventIds.add(header(r.headers(), CloudEventHeaders.ID)));
        }
        assertThat(eventIds).hasSize(count);
        assertThat(new HashSet<>(eventIds)).hasSize(count);
        assertThat(firestore.collection(SyncDeadLetters.COLLECTION).whereEqualTo("originalTopic", topic)
                .whereEqualTo("status", "replayed").count().get().get().getCount()).isEqualTo(count);
    }

    private void seed(String topic, int count) throws Exception {
        Instant now = Instant.now();
        List<com.google.api.core.ApiFuture<?>> commits = new ArrayList<>();
        for (int start = 0; start < count; start += 500) {
            WriteBatch batch = firestore.batch();
            for (int i = start; i < Math.min(count, start + 500); i++) {
                String eventId = "bulk-" + i + "-" + UUID.randomUUID();
                SyncDeadLetter letter = new SyncDeadLetter(SyncDeadLetter.idFor(topic, 0, i), topic, 0, i, "int-bulk", "int-bulk",
                        eventId, "rostersync.sync-requested.v1", Map.of(CloudEventHeaders.ID, eventId), 
                        Base64.getEncoder().encodeToString(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)),
                        "java.lang.IllegalStateException", "seeded", 3, 0, null, SyncDeadLetter.PENDING, now, now.plusMillis(i));
                batch.set(firestore.collection(SyncDeadLetters.COLLECTION).document(letter.id()), SyncDeadLetters.toDocument(letter));
            }
            commits.add(batch.commit());
        }
        for (var commit : commits) {
            commit.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static String createTopic(String prefix) {
        String topic = prefix + UUID.randomUUID();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        } catch (Exception e) {
            throw new AssertionError("could not create " + topic, e);
        }
        return topic;
    }

    private static KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + record.topic(), e);
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A record as Spring Kafka's recoverer writes it: the failed record's headers plus the failure headers. */
    private static ProducerRecord<String, byte[]> deadLetter(String originalTopic, String key, int partition, long offset, String eventId,
                                                            byte[] payload, String exception, String message, Map<String, byte[]> carried) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.deadLetterOf(originalTopic), 0, key, payload);
        carried.forEach((k, v) -> {
            if (!k.startsWith("kafka_dlt-")) {
                record.headers().add(k, v);
            }
        });
        if (eventId != null) {
            record.headers().add(CloudEventHeaders.ID, utf8(eventId)).add("binary", new byte[] {0, (byte) 0xff, 1});
        }
        record.headers()
                .add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(originalTopic))
                .add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array())
                .add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(offset).array())
                .add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8(exception))
                .add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(message));
        return record;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
