package io.rostersync.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.verification.SignatureVerifier;
import io.rostersync.gateway.verification.WebhookSecret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The HTTP edge without Kafka or Firestore: answers the integration test cannot provoke, and threading. */
class WebhookControllerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String BODY = "{\"ids\":[\"usr-1\"]}";
    private static final String EVENT_ID = WebhookIntake.eventId("i-1", "msg_1");

    private final GatewaySettings settings = settings(1024);
    private final WebhookIntake intake = mock(WebhookIntake.class);
    private final WebhookController controller = new WebhookController(intake, new SignatureVerifier(Clock.systemUTC(), settings), settings);
    private final WebTestClient client = WebTestClient
            .bindToController(controller)
            .controllerAdvice(new WebhookProblems(settings))
            .build();
    private final OpenApiInteractionValidator openApi = OpenApiInteractionValidator.createForInlineApiSpecification(spec()).build();

    @Test
    void whenKafkaIsUnavailableTheSenderIsToldWhenToRetry() {
        when(intake.receive(any(), any(), any(), any())).thenReturn(CompletableFuture.failedFuture(
                WebhookRejectedException.unavailable("the event could not be published to Kafka; retry later")));

        EntityExchangeResult<byte[]> result = post(signed("msg_1"), BODY)
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "30")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("the event could not be published to Kafka; retry later")
                .returnResult();

        assertMatchesSpec(result);
    }

    @Test
    void overTheRateLimitTheSenderIsTold429AndWhenToRetry() {
        when(intake.receive(any(), any(), any(), any()))
                .thenReturn(CompletableFuture.failedFuture(WebhookRejectedException.tooManyRequests("i-1", Duration.ofMillis(1200))));

        EntityExchangeResult<byte[]> result = post(signed("msg_1"), BODY)
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "2")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("rate limit"))
                .returnResult();

        assertMatchesSpec(result);
    }

    @Test
    void whileAnotherDeliveryPublishesTheWebhookTheSenderIsToldToRetrySoon() {
        when(intake.receive(any(), any(), any(), any())).thenReturn(CompletableFuture.failedFuture(
                WebhookRejectedException.unavailable("another delivery of webhook 'msg_1' is being published right now; retry later",
                        Duration.ofSeconds(5))));

        EntityExchangeResult<byte[]> result = post(signed("msg_1"), BODY)
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody().returnResult();

        assertMatchesSpec(result);
    }

    @Test
    void theAnswerWaitsForTheIntakeWithoutBlocking() {
        CompletableFuture<WebhookReceipt> acknowledged = new CompletableFuture<>();
        when(intake.receive(eq(ConnectorType.EDFI), eq("i-1"), any(), any())).thenReturn(acknowledged);

        // The controller returns at once; completing the intake (as Kafka's acknowledgement does) produces the answer.
        Mono<org.springframework.http.ResponseEntity<WebhookReceipt>> answer = controller.receive("edfi", "i-1", request(BODY));
        StepVerifier.create(answer)
                .then(() -> acknowledged.complete(new WebhookReceipt(EVENT_ID, "msg_1", false)))
                .assertNext(response -> assertThat(response.getStatusCode().value()).isEqualTo(202))
                .verifyComplete();
    }

    @Test
    void smallBodiesAreVerifiedOnTheCallingThreadAndLargeOnesOnAWorker() {
        GatewaySettings large = settings(1024 * 1024);
        AtomicReference<String> thread = new AtomicReference<>();
        when(intake.receive(any(), any(), any(), any())).thenAnswer(invocation -> {
            thread.set(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(new WebhookReceipt(EVENT_ID, "msg_1", false));
        });
        WebhookController controller = new WebhookController(intake, new SignatureVerifier(Clock.systemUTC(), large), large);

        StepVerifier.create(controller.receive("oneroster", "i-1", request(BODY))).expectNextCount(1).verifyComplete();
        assertThat(thread.get()).doesNotStartWith("boundedElastic");

        String big = "{\"pad\":\"" + "x".repeat(WebhookController.EVENT_LOOP_BODY_BYTES) + "\"}";
        StepVerifier.create(controller.receive("oneroster", "i-1", request(big))).expectNextCount(1).verifyComplete();
        assertThat(thread.get()).startsWith("boundedElastic");
    }

    @Test
    void unsignedOrOversizedRequestsNeverReachFirestoreOrKafka() {
        post(new HttpHeaders(), BODY).expectStatus().isUnauthorized();
        post(signed("msg_1"), "x".repeat(1025)).expectStatus().isEqualTo(413);

        verifyNoInteractions(intake);
    }

    @Test
    void aDuplicateIsAnswered200() {
        when(intake.receive(any(), any(), any(), any())).thenReturn(CompletableFuture.completedFuture(new WebhookReceipt(EVENT_ID, "msg_1", true)));

        EntityExchangeResult<byte[]> result = post(signed("msg_1"), BODY).expectStatus().isOk()
                .expectBody().jsonPath("$.duplicate").isEqualTo(true).returnResult();

        assertMatchesSpec(result);
    }

    private WebTestClient.ResponseSpec post(HttpHeaders headers, String body) {
        return post(headers, body, "oneroster");
    }

    private WebTestClient.ResponseSpec post(HttpHeaders headers, String body, String connector) {
        return client.post().uri("/webhooks/{connector}/i-1", connector)
                .headers(h -> h.addAll(headers))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private void assertMatchesSpec(EntityExchangeResult<byte[]> result) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(result.getStatus().value()).withBody(result.getResponseBody());
        result.getResponseHeaders().forEach(response::withHeader);
        assertThat(openApi.validateResponse(result.getUrl().getPath(), Request.Method.POST, response.build()).getMessages()).isEmpty();
    }

    private static GatewaySettings settings(long maxBodyBytes) {
        return new GatewaySettings(maxBodyBytes, Duration.ofMinutes(5), Duration.ofHours(72), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, 1000, new GatewaySettings.RateLimit(1000, 1000));
    }

    private static MockServerHttpRequest request(String body) {
        HttpHeaders headers = signed("msg_1", body);
        return MockServerHttpRequest.post("/webhooks/oneroster/i-1").headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static HttpHeaders signed(String webhookId) {
        return signed(webhookId, BODY);
    }

    private static HttpHeaders signed(String webhookId, String body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpHeaders headers = new HttpHeaders();
        headers.set("webhook-id", webhookId);
        headers.set("webhook-timestamp", timestamp);
        headers.set("webhook-signature", SignatureVerifier.sign(WebhookSecret.parse("t", SECRET), webhookId, timestamp,
                body.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private static String spec() {
        try (InputStream in = WebhookControllerTest.class.getResourceAsStream("/static/openapi.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
