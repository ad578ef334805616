package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.RosterEvent;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The thin slice with every hop real: a signed webhook into the gateway becomes a SyncRun that the
 * orchestrator starts, the OneRoster connector pulls from the simulator over HTTP with OAuth 2, and the
 * orchestrator applies to Firestore; the health API then lists the run. Tests share one stack and run in
 * order because later ones build on the cursors earlier ones set.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookToRosterEndToEndTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();

    @BeforeAll
    static void startStack() {
        stack = StackFixture.stack();
    }

    @Test
    @Order(1)
    void aManualSyncPullsTheWholeDistrictIntoFirestore() throws Exception {
        HttpResponse<String> accepted = post(Service.HEALTH, "/api/integrations/" + StackFixture.INTEGRATION + "/sync", "{}", StackFixture.OPERATOR);
        assertThat(accepted.statusCode()).isEqualTo(202);

        JsonNode run = awaitRun(r -> "manual".equals(r.get("runType").asString()));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("mode").asString()).isEqualTo("full");
        JsonNode district = json.readTree(get(Service.SIMULATOR, "/admin/district", null).body());
        long users = district.at("/counts/users").asLong();
        assertThat(users).isGreaterThan(200);
        assertThat(run.at("/entityCounts/users/created").asLong()).isEqualTo(users);
        assertThat(run.at("/entityCounts/enrollments/created").asLong()).isEqualTo(district.at("/counts/enrollments").asLong());
        assertThat(run.at("/counts/failed").asLong()).isZero();
        assertThat(run.at("/cursorAfter/users").asString()).isNotBlank();

        DocumentSnapshot stored = firestore().collection("integrations").document(StackFixture.INTEGRATION)
                .collection("users").document("usr-000001").get().get();
        JsonNode remote = json.readTree(get(Service.SIMULATOR, "/ims/oneroster/rostering/v1p2/users/usr-000001", simulatorToken()).body()).get("user");
        assertThat(stored.getString("givenName")).isEqualTo(remote.get("givenName").asString());
        assertThat(stored.getString("familyName")).isEqualTo(remote.get("familyName").asString());
    }

    @Test
    @Order(2)
    void aSignedWebhookYieldsASucceededWebhookRunWithTheChangeApplied() throws Exception {
        HttpResponse<String> changed = post(Service.SIMULATOR, "/admin/changes", "{\"entityType\":\"users\",\"count\":1}", null);
        assertThat(changed.statusCode()).isEqualTo(200);
        String changedId = json.readTree(changed.body()).get("sourcedIds").get(0).asString();
        JsonNode remote = json.readTree(get(Service.SIMULATOR, "/ims/oneroster/rostering/v1p2/users/" + changedId, simulatorToken()).body()).get("user");

        HttpResponse<String> response = webhook("{\"entityType\":\"users\",\"ids\":[\"" + changedId + "\"],\"changeKind\":\"updated\"}", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

        JsonNode run = awaitRun(r -> "webhook".equals(r.get("runType").asString()));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("mode").asString()).isEqualTo("targeted");
        assertThat(run.at("/counts/updated").asLong()).isEqualTo(1);
        DocumentSnapshot stored = firestore().collection("integrations").document(StackFixture.INTEGRATION)
                .collection("users").document(changedId).get().get();
        assertThat(stored.getString("givenName")).isEqualTo(remote.get("givenName").asString());
        assertThat(stored.getString("_sync.lastRunId")).isEqualTo(run.get("runId").asString());
    }

    @Test
    @Order(3)
    void aRedeliveredRecordBatchChangesNoRecordAndNoCount() throws Exception {
        JsonNode manual = awaitRun(r -> "manual".equals(r.get("runType").asString()));
        String runId = manual.get("runId").asString();
        RecordBatch batch = firstBatchOf(runId);
        DocumentSnapshot before = firestore().collection("integrations").document(StackFixture.INTEGRATION)
                .collection(batch.entityType().collection()).document(batch.records().get(0).sourcedId()).get().get();

        EventPublisher publisher = stack.context(Service.ORCHESTRATOR).getBean(EventPublisher.class);
        var sent = publisher.publishAndWait(Topics.SYNC_RECORDS, runId, UUID.randomUUID().toString(), runId, batch).getRecordMetadata();
        // Consumed once the orchestrator's group has committed past it.
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("sync-orchestrator").partitionsToOffsetAndMetadata()
                        .get().get(partition);
                assertThat(committed).isNotNull();
                assertThat(committed.offset()).isGreaterThan(sent.offset());
            });
        }

        JsonNode after = runById(runId);
        assertThat(after.get("counts")).isEqualTo(manual.get("counts"));
        assertThat(after.get("entityCounts")).isEqualTo(manual.get("entityCounts"));
        DocumentSnapshot same = firestore().collection("integrations").document(StackFixture.INTEGRATION)
                .collection(batch.entityType().collection()).document(batch.records().get(0).sourcedId()).get().get();
        assertThat(same.getUpdateTime()).isEqualTo(before.getUpdateTime());
    }

    @Test
    @Order(4)
    void aPullThatFailsEndsFailedWithTheReasonAndKeepsTheCursor() throws Exception {
        Map<String, Object> cursorBefore = cursorDocument("users");
        assertThat(put(Service.SIMULATOR, "/admin/faults", "{\"failNext\":1000,\"status\":503}").statusCode()).isEqualTo(200);
        try {
            assertThat(post(Service.HEALTH, "/api/integrations/" + StackFixture.INTEGRATION + "/sync", "{\"entityTypes\":[\"users\"]}",
                    StackFixture.OPERATOR).statusCode()).isEqualTo(202);
            JsonNode run = awaitRun(r -> "manual".equals(r.get("runType").asString()) && !"full".equals(r.get("mode").asString()));
            assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("failed");
            assertThat(run.get("error").asString()).contains("503");
            assertThat(cursorDocument("users")).isEqualTo(cursorBefore);
        } finally {
            http.send(HttpRequest.newBuilder(URI.create(stack.url(Service.SIMULATOR) + "/admin/faults")).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    @Test
    @Order(5)
    void unsignedOrBadlySignedWebhooksGet401AndPublishNothing() throws Exception {
        long before = endOffset(Topics.SIS_CHANGES);

        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(webhookUri())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> badlySigned = webhook("{\"changeKind\":\"updated\"}", false);

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(badlySigned.statusCode()).isEqualTo(401);
        assertThat(endOffset(Topics.SIS_CHANGES)).isEqualTo(before);
    }

    @Test
    @Order(6)
    void theRunsApiWithoutATokenGets401() throws Exception {
        HttpResponse<String> response = get(Service.HEALTH, "/api/integrations/" + StackFixture.INTEGRATION + "/runs", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    }

    private JsonNode awaitRun(java.util.function.Predicate<JsonNode> which) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            HttpResponse<String> response = get(Service.HEALTH, "/api/integrations/" + StackFixture.INTEGRATION + "/runs?limit=50", StackFixture.VIEWER);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode match = null;
            for (JsonNode run : json.readTree(response.body()).get("items")) {
                if (which.test(run)) {
                    match = run;
                    break;
                }
            }
            assertThat(match).as("a matching run in " + response.body()).isNotNull();
            assertThat(match.get("status").asString()).isIn("succeeded", "failed", "partial", "cancelled");
            found[0] = match;
        });
        return found[0];
    }

    private JsonNode runById(String runId) throws Exception {
        return json.readTree(get(Service.HEALTH, "/api/runs/" + runId, StackFixture.VIEWER).body());
    }

    private RecordBatch firstBatchOf(String runId) {
        EventCodec codec = new EventCodec("/e2e");
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.SYNC_RECORDS));
            List<RecordBatch> batches = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Envelope<RosterEvent> envelope = codec.decode(record);
                    if (envelope.data() instanceof RecordBatch batch && batch.runId().equals(runId) && !batch.records().isEmpty()) {
                        batches.add(batch);
                    }
                }
                return !batches.isEmpty();
            });
            return batches.get(0);
        }
    }

    private long endOffset(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private Map<String, Object> cursorDocument(String entityType) throws Exception {
        DocumentSnapshot doc = firestore().collection("syncCursors").document(StackFixture.INTEGRATION + "_" + entityType).get().get();
        return doc.exists() ? Map.of("cursor", doc.getString("cursor"), "lastRunId", doc.getString("lastRunId")) : Map.of();
    }

    private Firestore firestore() {
        return stack.context(Service.ORCHESTRATOR).getBean(Firestore.class);
    }

    private String simulatorToken() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(Service.SIMULATOR) + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("rostersync-demo:e2e-sis-secret-42".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asString();
    }

    private URI webhookUri() {
        return URI.create(stack.url(Service.GATEWAY) + "/webhooks/oneroster/" + StackFixture.INTEGRATION);
    }

    private HttpResponse<String> webhook(String body, boolean correctlySigned) throws Exception {
        String secret = correctlySigned ? StackFixture.WEBHOOK_SECRET
                : "whsec_" + Base64.getEncoder().encodeToString("not-the-secret".getBytes(StandardCharsets.UTF_8));
        return new StackHttp(stack).webhook(StackFixture.INTEGRATION, "msg_" + UUID.randomUUID(), body, secret);
    }

    private HttpResponse<String> get(Service service, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url(service) + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Service service, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url(service) + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(Service service, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
