package io.rostersync.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.cloud.Timestamp;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.firestore.FirestoreAccessException;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.deliveries.DeliveryClaim;
import io.rostersync.gateway.deliveries.LocalDeliveries;
import io.rostersync.gateway.deliveries.WebhookDeliveries;
import io.rostersync.gateway.deliveries.WebhookDelivery;
import io.rostersync.gateway.deliveries.WebhookDelivery.State;
import io.rostersync.gateway.ratelimit.IntegrationRateLimits;
import io.rostersync.gateway.verification.SignatureHeaders;
import io.rostersync.gateway.verification.SignatureRejectedException;
import io.rostersync.gateway.verification.SignatureVerifier;
import io.rostersync.gateway.verification.WebhookSecret;
import io.rostersync.gateway.verification.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.mock.env.MockEnvironment;

class WebhookIntakeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] BODY = "{\"entityType\":\"users\",\"ids\":[\"usr-1\"]}".getBytes(StandardCharsets.UTF_8);
    private static final Timestamp VERSION = Timestamp.ofTimeSecondsAndNanos(NOW.getEpochSecond(), 0);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final GatewaySettings settings = settings(new GatewaySettings.RateLimit(1000, 1000));
    private final Integrations integrations = mock(Integrations.class);
    private final WebhookDeliveries deliveries = mock(WebhookDeliveries.class);
    private final SisChangePublisher publisher = mock(SisChangePublisher.class);
    private final WebhookIntake intake = intake(settings);

    @BeforeEach
    void claimsAreWonAndReleasesAnswered() {
        when(deliveries.claim(any())).thenAnswer(invocation -> CompletableFuture.completedFuture(
                new DeliveryClaim.Won(invocation.getArgument(0), VERSION)));
        when(deliveries.release(any())).thenReturn(CompletableFuture.completedFuture(null));
        when(publisher.publish(anyString(), anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    @Test
    void theEventIdIsANameBasedUuidOfIntegrationAndWebhookId() {
        assertThat(WebhookIntake.eventId("i-1", "msg_1"))
                .isEqualTo(UUID.nameUUIDFromBytes("i-1/msg_1".getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo(WebhookIntake.eventId("i-1", "msg_1"))
                .isNotEqualTo(WebhookIntake.eventId("i-2", "msg_1"));
    }

    @Test
    void aWebhookIsClaimedThenPublishedThenConfirmed() {
        givenIntegration(true);

        WebhookReceipt receipt = receive("msg_1");

        String eventId = WebhookIntake.eventId("i-1", "msg_1");
        WebhookDelivery claim = new WebhookDelivery("i-1", "msg_1", eventId, NOW, NOW.plus(Duration.ofHours(72)), State.PUBLISHING);
        assertThat(receipt).isEqualTo(new WebhookReceipt(eventId, "msg_1", false));
        verify(deliveries).claim(claim);
        ArgumentCaptor<SisChangeEvent> event = ArgumentCaptor.forClass(SisChangeEvent.class);
        verify(publisher).publish(eq("i-1"), eq(eventId), eq("msg_1"), event.capture());
        assertThat(event.getValue().receivedAt()).isEqualTo(NOW);
        verify(deliveries).confirm(claim.published());
        verify(deliveries, never()).release(any());
    }

    @Test
    void theAnswerWaitsForKafkasAcknowledgementWithoutHoldingTheCallersThread() {
        givenIntegration(true);
        CompletableFuture<Void> acknowledgement = new CompletableFuture<>();
        when(publisher.publish(anyString(), anyString(), anyString(), any())).thenReturn(acknowledgement);

        CompletableFuture<WebhookReceipt> answer = intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(publisher).publish(anyString(), anyString(), anyString(), any()));
        assertThat(answer).isNotDone();
        verify(deliveries, never()).confirm(any());
        acknowledgement.complete(null);
        assertThat(answer).isCompletedWithValueMatching(receipt -> !receipt.duplicate());
    }

    @Test
    void whenKafkaDoesNotAcknowledgeTheAnswerIs503AndTheClaimIsReleasedFirst() {
        givenIntegration(true);
        when(publisher.publish(anyString(), anyString(), anyString(), any())).thenReturn(CompletableFuture.failedFuture(new TimeoutException()));
        CompletableFuture<Void> release = new CompletableFuture<>();
        when(deliveries.release(any())).thenReturn(release);

        CompletableFuture<WebhookReceipt> answer = intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);

        // The sender's retry must find the webhook id free, so the 503 waits for the release.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(deliveries).release(any()));
        assertThat(answer).isNotDone();
        release.complete(null);
        assertThat(status(answer)).isEqualTo(503);
        verify(deliveries).release(new DeliveryClaim.Won(new WebhookDelivery("i-1", "msg_1", WebhookIntake.eventId("i-1", "msg_1"), NOW,
                NOW.plus(Duration.ofHours(72)), State.PUBLISHING), VERSION));
        verify(deliveries, never()).confirm(any());
    }

    @Test
    void afterAFailedPublicationARetryToTheSameInstanceIsPublished() {
        givenIntegration(true);
        when(publisher.publish(anyString(), anyString(), anyString(), any()))
                .thenReturn(CompletableFuture.failedFuture(new TimeoutException()), CompletableFuture.completedFuture(null));

        assertThat(status(intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY))).isEqualTo(503);

        assertThat(receive("msg_1").duplicate()).isFalse();
        verify(publisher, times(2)).publish(anyString(), anyString(), anyString(), any());
    }

    @Test
    void whenTheIntegrationCannotBeReadTheAnswerIs503() {
        when(integrations.find("i-1")).thenThrow(new FirestoreAccessException("down", new RuntimeException()));

        assertThat(status(intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY))).isEqualTo(503);
    }

    @Test
    void whenTheIntegrationReadHangsTheAnswerIs503WithinTheFirestoreTimeout() throws Exception {
        GatewaySettings quick = new GatewaySettings(1024, Duration.ofMinutes(5), Duration.ofHours(72), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMillis(5), Duration.ofMillis(200), Duration.ZERO, Duration.ofSeconds(60), Duration.ofMinutes(1), 1000,
                new GatewaySettings.RateLimit(1000, 1000));
        CountDownLatch firestoreAnswers = new CountDownLatch(1);
        when(integrations.find("i-1")).thenAnswer(invocation -> {
            firestoreAnswers.await();
            return Optional.empty();
        });
        try {
            long start = System.nanoTime();
            assertThat(status(intake(quick).receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY))).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            firestoreAnswers.countDown();
        }
    }

    @Test
    void whenTheWebhookIdCannotBeClaimedTheAnswerIs503AndNothingIsPublished() {
        givenIntegration(true);
        when(deliveries.claim(any())).thenReturn(CompletableFuture.failedFuture(new FirestoreAccessException("timeout", new TimeoutException())));

        assertThat(status(intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY))).isEqualTo(503);
        verify(publisher, never()).publish(anyString(), anyString(), anyString(), any());
    }

    @Test
    void aRedeliveryToThisInstanceIsADuplicateWithoutAskingFirestore() {
        givenIntegration(true);

        WebhookReceipt first = receive("msg_1");
        WebhookReceipt again = receive("msg_1");

        assertThat(again).isEqualTo(new WebhookReceipt(first.eventId(), "msg_1", true));
        verify(deliveries, times(1)).claim(any());
        verify(publisher, times(1)).publish(anyString(), anyString(), anyString(), any());
    }

    @Test
    void twoCopiesArrivingAtOnceArePublishedOnceAndTheSecondIsADuplicate() {
        givenIntegration(true);
        CompletableFuture<Void> acknowledgement = new CompletableFuture<>();
        when(publisher.publish(anyString(), anyString(), anyString(), any())).thenReturn(acknowledgement);

        CompletableFuture<WebhookReceipt> first = intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(publisher).publish(anyString(), anyString(), anyString(), any()));
        // The integration is cached by now, so the second copy reaches the delivery step before receive returns.
        CompletableFuture<WebhookReceipt> second = intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);

        assertThat(second).isNotDone();
        acknowledgement.complete(null);
        assertThat(first.join().duplicate()).isFalse();
        assertThat(second.join()).isEqualTo(new WebhookReceipt(first.join().eventId(), "msg_1", true));
        verify(deliveries, times(1)).claim(any());
        verify(publisher, times(1)).publish(anyString(), anyString(), anyString(), any());
    }

    @Test
    void whenTheFirstOfTwoCopiesCannotBePublishedBothAreToldToRetry() {
        givenIntegration(true);
        CompletableFuture<Void> acknowledgement = new CompletableFuture<>();
        when(publisher.publish(anyString(), anyString(), anyString(), any())).thenReturn(acknowledgement);

        CompletableFuture<WebhookReceipt> first = intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(publisher).publish(anyString(), anyString(), anyString(), any()));
        CompletableFuture<WebhookReceipt> second = intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);
        assertThat(second).isNotDone();
        acknowledgement.completeExceptionally(new TimeoutException());

        assertThat(status(first)).isEqualTo(503);
        assertThat(status(second)).isEqualTo(503);
    }

    @Test
    void aWebhookPublishedBeforeIsADuplicateWithItsRecordedEventId() {
        givenIntegration(true);
        when(deliveries.claim(any())).thenReturn(CompletableFuture.completedFuture(new DeliveryClaim.AlreadyPublished(
                new WebhookDelivery("i-1", "msg_1", "e-1", NOW.minusSeconds(60), NOW.plusSeconds(60), State.PUBLISHED))));

        assertThat(receive("msg_1")).isEqualTo(new WebhookReceipt("e-1", "msg_1", true));
        verify(publisher, never()).publish(anyString(), anyString(), anyString(), any());
    }

    @Test
    void aWebhookBeingPublishedByAnotherDeliveryIsToldToRetryWithinThePublishTimeout() {
        givenIntegration(true);
        when(deliveries.claim(any())).thenReturn(CompletableFuture.completedFuture(new DeliveryClaim.InProgress(
                new WebhookDelivery("i-1", "msg_1", "e-1", NOW.minusSeconds(1), NOW.plusSeconds(60), State.PUBLISHING))));

        Throwable refused = unwrap(catchThrowable(() -> intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY).join()));

        assertThat(refused).isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
            assertThat(e.status().value()).isEqualTo(503);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
            assertThat(e.getMessage()).contains("being published");
        });
        verify(publisher, never()).publish(anyString(), anyString(), anyString(), any());
    }

    @Test
    void theIntegrationIsReadOncePerTimeToLive() {
        givenIntegration(true);

        for (int i = 0; i < 5; i++) {
            assertThat(receive("msg_" + i).duplicate()).isFalse();
        }

        verify(integrations, times(1)).find("i-1");
    }

    @Test
    void overTheRateLimitTheAnswerIs429WithWhenToRetryAndNothingIsPublished() {
        WebhookIntake limited = intake(settings(new GatewaySettings.RateLimit(0.5, 2)));
        givenIntegration(true);

        limited.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY).join();
        limited.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_2"), BODY).join();

        assertThat(unwrap(catchThrowable(() -> limited.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_3"), BODY).join())))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(429);
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
                });
        verify(publisher, times(2)).publish(anyString(), anyString(), anyString(), any());
    }

    @Test
    void anUnverifiedWebhookDoesNotUseUpTheRateLimit() {
        WebhookIntake limited = intake(settings(new GatewaySettings.RateLimit(0.5, 1)));
        givenIntegration(true);
        SignatureHeaders forged = new SignatureHeaders("msg_x", Long.toString(NOW.getEpochSecond()), "v1,AAAA");

        for (int i = 0; i < 5; i++) {
            assertThat(unwrap(catchThrowable(() -> limited.receive(ConnectorType.ONEROSTER, "i-1", forged, BODY).join())))
                    .isInstanceOf(SignatureRejectedException.class);
        }

        assertThat(limited.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY).join().duplicate()).isFalse();
    }

    @Test
    void anIntegrationOfTheOtherConnectorIsNotFound() {
        givenIntegration(true);

        assertThat(status(intake.receive(ConnectorType.EDFI, "i-1", signed("msg_1"), BODY))).isEqualTo(404);
    }

    @Test
    void aDisabledIntegrationIsAConflict() {
        givenIntegration(false);

        assertThat(status(intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY))).isEqualTo(409);
        verify(deliveries, never()).claim(any());
    }

    @Test
    void idsFirestoreCannotStoreAreNotFoundWithoutAskingFirestore() {
        for (String id : List.of("..", "__reserved__", "x".repeat(1025))) {
            assertThat(status(intake.receive(ConnectorType.ONEROSTER, id, signed("msg_1"), BODY))).isEqualTo(404);
        }
        verify(integrations, never()).find(anyString());
    }

    @Test
    void anIntegrationWithoutUsableSecretsRefusesEverything() {
        when(integrations.find("i-1")).thenReturn(Optional.of(new Integration("i-1", "Demo", ConnectorType.ONEROSTER, null, null, true,
                null, List.of("config:missing", "bogus"), NOW, NOW)));

        Throwable refused = unwrap(catchThrowable(() -> intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY).join()));

        assertThat(refused).isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status().value()).isEqualTo(401))
                .hasMessageContaining("no usable webhook secret");
    }

    private WebhookIntake intake(GatewaySettings settings) {
        return new WebhookIntake(integrations, new WebhookSecrets(new SecretResolver(new MockEnvironment().withProperty("sis.secret", SECRET))),
                new SignatureVerifier(clock, settings), deliveries, new LocalDeliveries(100, clock), new IntegrationRateLimits(settings),
                publisher, clock, settings);
    }

    private static GatewaySettings settings(GatewaySettings.RateLimit rateLimit) {
        return new GatewaySettings(1024, Duration.ofMinutes(5), Duration.ofHours(72), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(60), Duration.ofMinutes(1), 1000, rateLimit);
    }

    private WebhookReceipt receive(String webhookId) {
        return intake.receive(ConnectorType.ONEROSTER, "i-1", signed(webhookId), BODY).orTimeout(5, TimeUnit.SECONDS).join();
    }

    private void givenIntegration(boolean enabled) {
        when(integrations.find("i-1")).thenReturn(Optional.of(new Integration("i-1", "Demo", ConnectorType.ONEROSTER, null, null, enabled,
                null, List.of("config:missing", "config:sis.secret"), NOW, NOW)));
    }

    private static int status(CompletableFuture<WebhookReceipt> answer) {
        Throwable refused = unwrap(catchThrowable(() -> answer.orTimeout(5, TimeUnit.SECONDS).join()));
        assertThat(refused).isInstanceOf(WebhookRejectedException.class);
        return ((WebhookRejectedException) refused).status().value();
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? unwrap(error.getCause()) : error;
    }

    private static SignatureHeaders signed(String webhookId) {
        String timestamp = Long.toString(NOW.getEpochSecond());
        return new SignatureHeaders(webhookId, timestamp, SignatureVerifier.sign(WebhookSecret.parse("t", SECRET), webhookId, timestamp, BODY));
    }
}
