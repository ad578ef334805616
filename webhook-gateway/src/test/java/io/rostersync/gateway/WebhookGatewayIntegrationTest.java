package io.rostersync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.standardwebhooks.Webhook;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.CloudEventHeaders;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.EventType;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.Topics;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.gateway.deliveries.WebhookDeliveries;
import io.rostersync.gateway.deliveries.WebhookDelivery;
import io.rostersync.gateway.deliveries.WebhookDelivery.State;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** The gateway over real HTTP with the real broker and the Firestore emulator; every answer is checked against openapi.yaml. */
@SpringBootTest(classes = WebhookGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=webhook-gateway",
                // Low enough to provoke a 429 with a handful of webhooks; each test uses its own integration, so its own bucket.
                "rostersync.gateway.rate-limit.per-second=0.5", "rostersync.gateway.rate-limit.burst=5",
                "test.webhook.secret=" + WebhookGatewayIntegrationTest.SECRET,
                "test.webhook.retired=" + WebhookGatewayIntegrationTest.RETIRED_SECRET})
class WebhookGatewayIntegrationTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String RETIRED_SECRET = "whsec_cmV0aXJlZC1zZWNyZXQtb2YtdGhlLXNpcy1yb3RhdGlvbg==";
    private static final int ONE_MIB = 1024 * 1024;
    private static final String BODY = "{\"entityType\":\"users\",\"ids\":[\"usr-1\",\"usr-2\"],\"changeKind\":\"updated\"}";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    Integrations integrations;
    @Autowired
    WebhookDeliveries deliveries;
    @Autowired
    Firestore firestore;

    private final EventCodec codec = new EventCodec("/test");
    private WebTestClient client;
    private OpenApiInteractionValidator openApi;
    private KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> consumed = new ArrayList<>();
    private String integrationId;

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(45)).build();
        // The spec is read from the running service, so serving it is checked by every test too.
        String spec = client.get().uri("/openapi.yaml").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        openApi = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
        // One integration per test keeps each test's events apart on the shared topic.
        integrationId = "it-" + UUID.randomUUID();
        saveIntegration(integrationId, ConnectorType.ONEROSTER, true);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "webhook-gateway-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(Topics.SIS_CHANGES));
    }

    @AfterEach
    void tearDown() {
        consumer.close(Duration.ofSeconds(5));
    }

    @Test
    void aSignedWebhookIsPublishedAndAcknowledged() {
        JsonNode receipt = json(post("oneroster", integrationId, signed("msg_1", BODY), BODY, 202));

        String eventId = UUID.nameUUIDFromBytes((integrationId + "/msg_1").getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(receipt.get("eventId").stringValue()).isEqualTo(eventId);
        assertThat(receipt.get("webhookId").stringValue()).isEqualTo("msg_1");
        ConsumerRecord<String, byte[]> record = publishedUntil("msg_1").get(0);
        assertThat(record.key()).isEqualTo(integrationId);
        assertThat(EventCodec.header(record.headers(), CloudEventHeaders.ID)).isEqualTo(eventId);
        assertThat(EventCodec.header(record.headers(), CloudEventHeaders.TYPE)).isEqualTo(EventType.SIS_CHANGE.ceType());
        assertThat(EventCodec.header(record.headers(), CloudEventHeaders.SOURCE)).isEqualTo("/rostersync/webhook-gateway");
        assertThat(EventCodec.header(record.headers(), CloudEventHeaders.SUBJECT)).isEqualTo("msg_1");
        Envelope<SisChangeEvent> envelope = codec.decode(record, SisChangeEvent.class);
        SisChangeEvent event = envelope.data();
        assertThat(event).isEqualTo(new SisChangeEvent("msg_1", ConnectorType.ONEROSTER, integrationId, EntityType.USERS,
                List.of("usr-1", "usr-2"), "updated", event.receivedAt()));
        assertThat(event.receivedAt()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        // The claim is confirmed after the answer.
        WebhookDelivery delivery = await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveries.find(integrationId, "msg_1"), found -> found.filter(d -> d.state() == State.PUBLISHED).isPresent())
                .orElseThrow();
        assertThat(delivery.eventId()).isEqualTo(eventId);
        assertThat(Duration.between(delivery.receivedAt(), delivery.expireAt())).isEqualTo(Duration.ofHours(72));
    }

    @Test
    void aWebhookSignedWithTheOtherSecretOfARotationIsAccepted() {
        String timestamp = now();
        HttpHeaders headers = headers("msg_r", timestamp, sign(RETIRED_SECRET, "msg_r", timestamp, BODY));

        post("oneroster", integrationId, headers, BODY, 202);

        assertThat(publishedUntil("msg_r")).hasSize(1);
    }

    @Test
    void aSignedWebhookCarryingTheSendersOwnBearerTokenIsNotMistakenForAnOpsApiCall() {
        HttpHeaders headers = signed("msg_b", BODY);
        headers.setBearerAuth("token-the-sis-sends-with-every-call");

        post("oneroster", integrationId, headers, BODY, 202);

        assertThat(publishedUntil("msg_b")).hasSize(1);
    }

    @Test
    void aRedeliveredWebhookIsAnsweredWithoutPublishingAgain() {
        String eventId = json(post("oneroster", integrationId, signed("msg_1", BODY), BODY, 202)).get("eventId").stringValue();

        // A sender's retry is signed afresh, with a new timestamp, but keeps its webhook-id.
        JsonNode again = json(post("oneroster", integrationId, signed("msg_1", BODY), BODY, 200));
        post("oneroster", integrationId, signed("marker", "{}"), "{}", 202);

        assertThat(again.get("eventId").stringValue()).isEqualTo(eventId);
        assertThat(again.get("duplicate").booleanValue()).isTrue();
        assertThat(publishedUntil("marker")).extracting(this::webhookId).containsExactly("msg_1", "marker");
    }

    @Test
    void copiesOfOneWebhookSentAtOnceArePublishedOnceAndTheOthersAreDuplicates() {
        HttpHeaders headers = signed("msg_twice", BODY);
        WebClient web = WebClient.create("http://127.0.0.1:" + port);

        // Four copies: with the marker they fit this class's rate limit burst of five (duplicates take tokens too).
        List<Integer> statuses = Flux.range(0, 4)
                .flatMap(i -> web.post().uri("/webhooks/oneroster/{id}", integrationId).headers(h -> h.addAll(headers))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(BODY)
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 4)
                .collectList().block(Duration.ofSeconds(30));
        post("oneroster", integrationId, signed("marker", "{}"), "{}", 202);

        assertThat(statuses).containsOnly(202, 200).filteredOn(status -> status == 202).hasSize(1);
        assertThat(publishedUntil("marker")).extracting(this::webhookId).containsExactly("msg_twice", "marker");
    }

    @Test
    void aWebhookBeingPublishedByAnotherGatewayIsRetriedLaterAndAClaimLeftByACrashedGatewayIsTakenOver() {
        Instant now = Instant.now();
        // Another replica claimed msg_busy a moment ago and is still publishing it.
        claimedBy("msg_busy", now);
        // A gateway claimed msg_crashed two minutes ago and died before confirming it (or giving it up).
        claimedBy("msg_crashed", now.minus(Duration.ofMinutes(2)));

        EntityExchangeResult<byte[]> busy = post("oneroster", integrationId, signed("msg_busy", BODY), BODY, 503);
        JsonNode takenOver = json(post("oneroster", integrationId, signed("msg_crashed", BODY), BODY, 202));

        assertThat(busy.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(json(busy).get("detail").stringValue()).contains("being published");
        // Published again under the same deterministic event id, so the orchestrator drops it if the crashed gateway's copy arrived.
        assertThat(takenOver.get("eventId").stringValue()).isEqualTo(eventId("msg_crashed"));
        assertThat(publishedUntil("msg_crashed")).extracting(this::webhookId).containsExactly("msg_crashed");
    }

    @Test
    void theSimulatorsTypedEnvelopeIsPublishedLikeAChangeNotice() {
        String body = "{\"type\":\"classes.deleted\",\"data\":{\"entityType\":\"classes\",\"sourcedIds\":[\"cls-9\"]}}";

        post("oneroster", integrationId, signed("msg_typed", body), body, 202);

        SisChangeEvent event = codec.decode(publishedUntil("msg_typed").get(0), SisChangeEvent.class).data();
        assertThat(event.entityType()).isEqualTo(EntityType.CLASSES);
        assertThat(event.ids()).containsExactly("cls-9");
        assertThat(event.changeKind()).isEqualTo("deleted");
    }

    @Test
    void aSenderOverItsRateLimitIsTold429WithRetryAfterAndNothingIsPublished() {
        for (int i = 1; i <= 5; i++) {
            post("oneroster", integrationId, signed("msg_" + i, BODY), BODY, 202);
        }

        EntityExchangeResult<byte[]> refused = post("oneroster", integrationId, signed("msg_over", BODY), BODY, 429);
        // At 0.5/s the next token is due within 2 s; refusals take no token, so asking again until accepted is fair.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> client.post()
                .uri("/webhooks/oneroster/{id}", integrationId).headers(h -> h.addAll(signed("marker", "{}")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().returnResult(byte[].class).getStatus().value() == 202);

        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 2L);
        assertThat(json(refused).get("detail").stringValue()).contains("rate limit");
        assertThat(publishedUntil("marker")).extracting(this::webhookId)
                .containsExactly("msg_1", "msg_2", "msg_3", "msg_4", "msg_5", "marker");
    }

    @Test
    void anUnsignedWebhookIsRefusedAndNothingIsPublished() {
        JsonNode problem = json(post("oneroster", integrationId, new HttpHeaders(), BODY, 401));
        post("oneroster", integrationId, signed("marker", "{}"), "{}", 202);

        assertThat(problem.get("detail").stringValue()).contains("webhook-id", "webhook-timestamp", "webhook-signature");
        assertThat(publishedUntil("marker")).extracting(this::webhookId).containsExactly("marker");
    }

    @Test
    void aBadSignatureIsRefusedAndNothingIsPublished() {
        String timestamp = now();
        String otherSecret = "whsec_" + Base64.getEncoder().encodeToString("not-the-integrations-secret".getBytes(StandardCharsets.UTF_8));
        HttpHeaders wrongKey = headers("msg_1", timestamp, sign(otherSecret, "msg_1", timestamp, BODY));
        // Signed correctly, then the body was changed on the way.
        HttpHeaders tampered = headers("msg_2", timestamp, sign(SECRET, "msg_2", timestamp, "{}"));

        JsonNode problem = json(post("oneroster", integrationId, wrongKey, BODY, 401));
        post("oneroster", integrationId, tampered, BODY, 401);
        post("oneroster", integrationId, signed("marker", "{}"), "{}", 202);

        assertThat(problem.get("detail").stringValue()).contains("no signature");
        assertThat(publishedUntil("marker")).extracting(this::webhookId).containsExactly("marker");
    }

    @Test
    void aStaleTimestampIsRefused() {
        String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
        String future = Long.toString(Instant.now().plus(Duration.ofMinutes(6)).getEpochSecond());

        JsonNode problem = json(post("oneroster", integrationId, headers("msg_1", stale, sign(SECRET, "msg_1", stale, BODY)), BODY, 401));
        post("oneroster", integrationId, headers("msg_2", future, sign(SECRET, "msg_2", future, BODY)), BODY, 401);

        assertThat(problem.get("detail").stringValue()).contains("webhook-timestamp");
    }

    @Test
    void anUnknownIntegrationOrConnectorIsNotFound() {
        JsonNode problem = json(post("oneroster", "no-such-integration", signed("msg_1", BODY), BODY, 404));
        post("edfi", integrationId, signed("msg_1", BODY), BODY, 404);
        json(post("powerschool", integrationId, signed("msg_1", BODY), BODY, 404));

        assertThat(problem.get("detail").stringValue()).contains("no-such-integration");
    }

    @Test
    void aDisabledIntegrationIsAConflict() {
        String disabled = "it-disabled-" + UUID.randomUUID();
        saveIntegration(disabled, ConnectorType.EDFI, false);

        JsonNode problem = json(post("edfi", disabled, signed("msg_1", BODY), BODY, 409));

        assertThat(problem.get("detail").stringValue()).contains("disabled");
    }

    @Test
    void aBodyOverOneMebibyteIsTooLarge() {
        String atLimit = padded(ONE_MIB);
        String overLimit = padded(ONE_MIB + 1);

        post("oneroster", integrationId, signed("msg_at", atLimit), atLimit, 202);
        JsonNode problem = json(post("oneroster", integrationId, signed("msg_over", overLimit), overLimit, 413));

        assertThat(problem.get("detail").stringValue()).contains("1048576");
    }

    @Test
    void aChunkedBodyOverTheLimitIsTooLargeToo() {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        Flux<DataBuffer> body = Flux.range(0, 17).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));

        EntityExchangeResult<byte[]> result = client.post().uri("/webhooks/oneroster/{id}", integrationId)
                .headers(h -> h.addAll(signed("msg_chunked", "")))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body, DataBuffer.class)
                .exchange().expectStatus().isEqualTo(413).expectBody().returnResult();

        assertThat(result.getRequestHeaders().getContentLength()).isEqualTo(-1);
        assertMatchesSpec(result);
    }

    @Test
    void aBodyThatIsNotTheDocumentedJsonIsABadRequest() {
        JsonNode notJson = json(post("oneroster", integrationId, signed("msg_1", "{\"ids\":["), "{\"ids\":[", 400));
        JsonNode unknownType = json(post("oneroster", integrationId, signed("msg_2", "{\"entityType\":\"students\"}"),
                "{\"entityType\":\"students\"}", 400));

        assertThat(notJson.get("detail").stringValue()).contains("not valid JSON");
        assertThat(unknownType.get("detail").stringValue()).contains("students");
    }

    @Test
    void theOpsEndpointsStayGuardedBySyncCoresChain() {
        client.get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Test
    void webhookAnswersCarryTheSameSecurityHeadersAsTheOpsEndpoints() {
        List<String> securityHeaders = List.of("X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection", "Cache-Control",
                "Pragma", "Expires", "Referrer-Policy", "Strict-Transport-Security", "Content-Security-Policy");
        HttpHeaders ops = client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .returnResult(byte[].class).getResponseHeaders();

        HttpHeaders accepted = post("oneroster", integrationId, signed("msg_h", BODY), BODY, 202).getResponseHeaders();
        HttpHeaders refused = post("oneroster", integrationId, new HttpHeaders(), BODY, 401).getResponseHeaders();

        assertThat(ops.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        for (String header : securityHeaders) {
            assertThat(accepted.get(header)).as(header).isEqualTo(ops.get(header));
            assertThat(refused.get(header)).as(header).isEqualTo(ops.get(header));
        }
    }

    @Test
    void theOpenApiDocumentIsServed() {
        client.get().uri("/openapi.yaml").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(spec -> assertThat(spec).startsWith("openapi: 3.0.3").contains("/webhooks/{connector}/{integrationId}"));
    }

    private EntityExchangeResult<byte[]> post(String connector, String id, HttpHeaders headers, String body, int expectedStatus) {
        EntityExchangeResult<byte[]> result = client.post().uri("/webhooks/{connector}/{id}", connector, id)
                .headers(h -> h.addAll(headers))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isEqualTo(expectedStatus)
                .expectBody().returnResult();
        if (expectedStatus >= 400) {
            assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertMatchesSpec(result);
        return result;
    }

    private void assertMatchesSpec(EntityExchangeResult<byte[]> result) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(result.getStatus().value());
        result.getResponseHeaders().forEach(response::withHeader);
        if (result.getResponseBody() != null) {
            response.withBody(result.getResponseBody());
        }
        ValidationReport report = openApi.validateResponse(result.getUrl().getPath(), Request.Method.POST, response.build());
        assertThat(report.getMessages()).as("response %s %s", result.getStatus(), result.getUrl()).isEmpty();
    }

    private List<ConsumerRecord<String, byte[]>> publishedUntil(String markerWebhookId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(consumed::add);
            assertThat(consumed).extracting(this::webhookId).contains(markerWebhookId);
        });
        return consumed.stream().filter(r -> integrationId.equals(r.key())).toList();
    }

    private String webhookId(ConsumerRecord<String, byte[]> record) {
        return EventCodec.header(record.headers(), CloudEventHeaders.SUBJECT);
    }

    private String eventId(String webhookId) {
        return UUID.nameUUIDFromBytes((integrationId + "/" + webhookId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The record a gateway writes when it claims a webhook id, as if another gateway had claimed it at {@code at}. */
    private void claimedBy(String webhookId, Instant at) {
        FirestoreValues.await(firestore.collection(WebhookDeliveries.COLLECTION).document(WebhookDeliveries.documentId(integrationId, webhookId))
                .set(Map.of("integrationId", integrationId, "webhookId", webhookId, "eventId", eventId(webhookId),
                        "receivedAt", FirestoreValues.timestamp(at), "expireAt", FirestoreValues.timestamp(at.plus(Duration.ofHours(72))),
                        "state", "publishing")));
    }

    private void saveIntegration(String id, ConnectorType connector, boolean enabled) {
        Instant now = Instant.now();
        integrations.save(new Integration(id, "Test district", connector,
                new ConnectionSettings("https://sis.example.test", null, "1.2", "client", "env:SIS_CLIENT_SECRET", List.of()),
                null, enabled, "manual", List.of("config:test.webhook.retired", "config:test.webhook.secret"), now, now));
    }

    private static HttpHeaders signed(String webhookId, String body) {
        String timestamp = now();
        return headers(webhookId, timestamp, sign(SECRET, webhookId, timestamp, body));
    }

    private static HttpHeaders headers(String webhookId, String timestamp, String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("webhook-id", webhookId);
        headers.set("webhook-timestamp", timestamp);
        headers.set("webhook-signature", signature);
        return headers;
    }

    /** Signed by the Standard Webhooks reference library, not by the code under test. */
    private static String sign(String secret, String webhookId, String timestamp, String body) {
        try {
            return new Webhook(secret).sign(webhookId, Long.parseLong(timestamp), body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    /** A valid payload of exactly {@code size} bytes. */
    private static String padded(int size) {
        String prefix = "{\"changeKind\":\"updated\",\"pad\":\"";
        String suffix = "\"}";
        return prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
    }

    private JsonNode json(EntityExchangeResult<byte[]> result) {
        return EventCodec.defaultMapper().readTree(result.getResponseBody());
    }
}
