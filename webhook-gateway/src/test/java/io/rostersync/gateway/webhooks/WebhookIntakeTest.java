package io.rostersync.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.Topics;
import io.rostersync.core.firestore.FirestoreAccessException;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.kafka.EventPublisher.EventPublishException;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.deliveries.RecentDeliveries;
import io.rostersync.gateway.deliveries.WebhookDeliveries;
import io.rostersync.gateway.ratelimit.IntegrationRateLimits;
import io.rostersync.gateway.deliveries.WebhookDelivery;
import io.rostersync.gateway.verification.SignatureHeaders;
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
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.mock.env.MockEnvironment;

class WebhookIntakeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] BODY = "{\"entityType\":\"users\",\"ids\":[\"usr-1\"]}".getBytes(StandardCharsets.UTF_8);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final GatewaySettings settings = new GatewaySettings(1024, Duration.ofMinutes(5), Duration.ofHours(72), Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ZERO, 1000, 8, new GatewaySettings.RateLimit(1000, 1000));
    private final Integrations integrations = mock(Integrations.class);
    private final WebhookDeliveries deliveries = mock(WebhookDeliveries.class);
    private final EventPublisher publisher = mock(EventPublisher.class);
    private final WebhookIntake intake = new WebhookIntake(integrations,
            new WebhookSecrets(new SecretResolver(new MockEnvironment().withProperty("sis.secret", SECRET))),
            new SignatureVerifier(clock, settings), deliveries, new RecentDeliveries(100), new IntegrationRateLimits(settings), publisher,
            clock, settings);

    @Test
    void theEventIdIsANameBasedUuidOfIntegrationAndWebhookId() {
        assertThat(WebhookIntake.eventId("i-1", "msg_1"))
                .isEqualTo(UUID.nameUUIDFromBytes("i-1/msg_1".getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo(WebhookIntake.eventId("i-1", "msg_1"))
                .isNotEqualTo(WebhookIntake.eventId("i-2", "msg_1"));
    }

    @Test
    void aPublishedWebhookIsRememberedForTheRetention() {
        givenIntegration(true);

        WebhookReceipt receipt = intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);

        String eventId = WebhookIntake.eventId("i-1", "msg_1");
        assertThat(receipt).isEqualTo(new WebhookReceipt(eventId, "msg_1", false));
        ArgumentCaptor<SisChangeEvent> event = ArgumentCaptor.forClass(SisChangeEvent.class);
        verify(publisher).publishAndWait(eq(Topics.SIS_CHANGES), eq("i-1"), eq(eventId), eq("msg_1"), event.capture());
        assertThat(event.getValue().receivedAt()).isEqualTo(NOW);
        verify(deliveries).recordInBackground(new WebhookDelivery("i-1", "msg_1", eventId, NOW, NOW.plus(Duration.ofHours(72))));
    }

    @Test
    void whenKafkaDoesNotAcknowledgeTheAnswerIs503AndNothingIsRemembered() {
        givenIntegration(true);
        when(publisher.publishAndWait(anyString(), anyString(), anyString(), anyString(), any()))
                .thenThrow(new EventPublishException("timeout", new RuntimeException()));

        assertThatThrownBy(() -> intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status().value()).isEqualTo(503));
        verify(deliveries, never()).recordInBackground(any());
    }

    @Test
    void whenFirestoreIsDownTheAnswerIs503() {
        when(integrations.find("i-1")).thenThrow(new FirestoreAccessException("down", new RuntimeException()));

        assertThatThrownBy(() -> intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status().value()).isEqualTo(503));
    }

    @Test
    void theAnswerDoesNotWaitForTheDeliveryRecordAndARedeliveryBeforeItIsWrittenIsStillADuplicate() {
        givenIntegration(true);

        WebhookReceipt first = intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);
        // Firestore has no record yet (the mock's find stays empty): this instance's memory answers.
        WebhookReceipt again = intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);

        verify(deliveries, never()).record(any());
        assertThat(again).isEqualTo(new WebhookReceipt(first.eventId(), "msg_1", true));
        verify(publisher).publishAndWait(anyString(), anyString(), anyString(), anyString(), any());
    }

    @Test
    void overTheRateLimitTheAnswerIs429WithWhenToRetryAndNothingIsPublished() {
        GatewaySettings strict = new GatewaySettings(1024, Duration.ofMinutes(5), Duration.ofHours(72), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ZERO, 1000, 8, new GatewaySettings.RateLimit(0.5, 2));
        WebhookIntake limited = new WebhookIntake(integrations,
                new WebhookSecrets(new SecretResolver(new MockEnvironment().withProperty("sis.secret", SECRET))),
                new SignatureVerifier(clock, strict), deliveries, new RecentDeliveries(100), new IntegrationRateLimits(strict), publisher,
                clock, strict);
        givenIntegration(true);

        limited.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY);
        limited.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_2"), BODY);

        assertThatThrownBy(() -> limited.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_3"), BODY))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(429);
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
                });
        verify(publisher, org.mockito.Mockito.times(2)).publishAndWait(anyString(), anyString(), anyString(), anyString(), any());
    }

    @Test
    void anUnverifiedWebhookDoesNotUseUpTheRateLimit() {
        GatewaySettings strict = new GatewaySettings(1024, Duration.ofMinutes(5), Duration.ofHours(72), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ZERO, 1000, 8, new GatewaySettings.RateLimit(0.5, 1));
        WebhookIntake limited = new WebhookIntake(integrations,
                new WebhookSecrets(new SecretResolver(new MockEnvironment().withProperty("sis.secret", SECRET))),
                new SignatureVerifier(clock, strict), deliveries, new RecentDeliveries(100), new IntegrationRateLimits(strict), publisher,
                clock, strict);
        givenIntegration(true);
        SignatureHeaders forged = new SignatureHeaders("msg_x", Long.toString(NOW.getEpochSecond()), "v1,AAAA");

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> limited.receive(ConnectorType.ONEROSTER, "i-1", forged, BODY))
                    .isInstanceOf(io.rostersync.gateway.verification.SignatureRejectedException.class);
        }

        assertThat(limited.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY).duplicate()).isFalse();
    }

    @Test
    void aWebhookSeenBeforeIsNotPublishedAgain() {
        givenIntegration(true);
        when(deliveries.find("i-1", "msg_1")).thenReturn(Optional.of(
                new WebhookDelivery("i-1", "msg_1", "e-1", NOW.minusSeconds(60), NOW.plusSeconds(60))));

        assertThat(intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY))
                .isEqualTo(new WebhookReceipt("e-1", "msg_1", true));
        verify(publisher, never()).publishAndWait(anyString(), anyString(), anyString(), anyString(), any());
    }

    @Test
    void aWebhookSeenLongerAgoThanTheRetentionIsPublishedAgain() {
        givenIntegration(true);
        when(deliveries.find("i-1", "msg_1")).thenReturn(Optional.of(
                new WebhookDelivery("i-1", "msg_1", "e-1", NOW.minus(Duration.ofHours(73)), NOW.minusSeconds(3600))));

        assertThat(intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY).duplicate()).isFalse();
        verify(publisher).publishAndWait(anyString(), anyString(), anyString(), anyString(), any());
    }

    @Test
    void anIntegrationOfTheOtherConnectorIsNotFound() {
        givenIntegration(true);

        assertThatThrownBy(() -> intake.receive(ConnectorType.EDFI, "i-1", signed("msg_1"), BODY))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status().value()).isEqualTo(404));
    }

    @Test
    void idsFirestoreCannotStoreAreNotFoundWithoutAskingFirestore() {
        for (String id : List.of("..", "__reserved__", "x".repeat(1025))) {
            assertThatThrownBy(() -> intake.receive(ConnectorType.ONEROSTER, id, signed("msg_1"), BODY))
                    .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status().value()).isEqualTo(404));
        }
        verify(integrations, never()).find(anyString());
    }

    @Test
    void anIntegrationWithoutUsableSecretsRefusesEverything() {
        when(integrations.find("i-1")).thenReturn(Optional.of(new Integration("i-1", "Demo", ConnectorType.ONEROSTER, null, null, true,
                null, List.of("config:missing", "bogus"), NOW, NOW)));

        assertThatThrownBy(() -> intake.receive(ConnectorType.ONEROSTER, "i-1", signed("msg_1"), BODY))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status().value()).isEqualTo(401))
                .hasMessageContaining("no usable webhook secret");
    }

    private void givenIntegration(boolean enabled) {
        when(integrations.find("i-1")).thenReturn(Optional.of(new Integration("i-1", "Demo", ConnectorType.ONEROSTER, null, null, enabled,
                null, List.of("config:missing", "config:sis.secret"), NOW, NOW)));
        when(deliveries.find(anyString(), anyString())).thenReturn(Optional.empty());
    }

    private static SignatureHeaders signed(String webhookId) {
        String timestamp = Long.toString(NOW.getEpochSecond());
        return new SignatureHeaders(webhookId, timestamp, SignatureVerifier.sign(WebhookSecret.parse("t", SECRET), webhookId, timestamp, BODY));
    }
}
