package io.rostersync.gateway.webhooks;

import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.Topics;
import io.rostersync.core.firestore.FirestoreAccessException;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.kafka.EventPublisher.EventPublishException;
import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.deliveries.RecentDeliveries;
import io.rostersync.gateway.deliveries.WebhookDeliveries;
import io.rostersync.gateway.deliveries.WebhookDelivery;
import io.rostersync.gateway.ratelimit.IntegrationRateLimits;
import io.rostersync.gateway.verification.SignatureHeaders;
import io.rostersync.gateway.verification.SignatureVerifier;
import io.rostersync.gateway.verification.WebhookSecret;
import io.rostersync.gateway.verification.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Turns one received webhook into at most one {@code SisChangeEvent}: find the integration, verify the signature,
 * take a token of its rate limit, read the body, skip a webhook id seen before, publish and wait for the broker,
 * remember the id. Every step may block (Firestore, Kafka): callers run it on a worker thread, never on the event loop.
 */
@Service
class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    private static final int MAX_ID_BYTES = 1024;

    private final Integrations integrations;
    private final WebhookSecrets secrets;
    private final SignatureVerifier verifier;
    private final WebhookDeliveries deliveries;
    private final RecentDeliveries recent;
    private final IntegrationRateLimits rateLimits;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Duration retention;
    private final IntegrationCache cache;

    WebhookIntake(Integrations integrations, WebhookSecrets secrets, SignatureVerifier verifier, WebhookDeliveries deliveries,
                  RecentDeliveries recent, IntegrationRateLimits rateLimits, EventPublisher publisher, Clock clock,
                  GatewaySettings settings) {
        this.integrations = integrations;
        this.secrets = secrets;
        this.verifier = verifier;
        this.deliveries = deliveries;
        this.recent = recent;
        this.rateLimits = rateLimits;
        this.publisher = publisher;
        this.clock = clock;
        this.retention = settings.dedupeRetention();
        this.cache = new IntegrationCache(settings.integrationCacheTtl());
    }

    /**
     * @throws WebhookRejectedException for an unknown or disabled integration, a bad body, or Kafka/Firestore unavailable
     * @throws io.rostersync.gateway.verification.SignatureRejectedException when the signature does not verify
     */
    WebhookReceipt receive(ConnectorType connector, String integrationId, SignatureHeaders headers, byte[] body) {
        MDC.put("integrationId", integrationId);
        MDC.put("webhookId", headers.webhookId());
        try {
            Integration integration = find(connector, integrationId);
            List<WebhookSecret> active = secrets.of(integration);
            if (active.isEmpty()) {
                log.error("Integration {} has no usable webhook secret; every webhook is refused", integrationId);
                throw new WebhookRejectedException(HttpStatus.UNAUTHORIZED,
                        "integration '" + integrationId + "' has no usable webhook secret, so no signature can be verified");
            }
            WebhookSecret signer = verifier.verify(headers, body, active);
            // After verification, so only the SIS itself can use up its integration's budget.
            Duration wait = rateLimits.tryAcquire(integrationId);
            if (!wait.isZero()) {
                throw WebhookRejectedException.tooManyRequests(integrationId, wait);
            }
            WebhookPayload payload = WebhookPayload.parse(body);
            String webhookId = headers.webhookId();

            Optional<WebhookDelivery> seen = recent.find(integrationId, webhookId)
                    .or(() -> firestore(() -> deliveries.find(integrationId, webhookId)))
                    .filter(delivery -> !delivery.isExpiredAt(clock.instant()));
            if (seen.isPresent()) {
                log.info("Webhook {} of integration {} was already published as event {}; not publishing again",
                        webhookId, integrationId, seen.get().eventId());
                return new WebhookReceipt(seen.get().eventId(), webhookId, true);
            }

            String eventId = eventId(integrationId, webhookId);
            Instant receivedAt = clock.instant();
            SisChangeEvent event = new SisChangeEvent(webhookId, connector, integrationId, payload.entityType(), payload.ids(),
                    payload.changeKind(), receivedAt);
            try {
                publisher.publishAndWait(Topics.SIS_CHANGES, integrationId, eventId, webhookId, event);
            } catch (EventPublishException e) {
                log.warn("Kafka did not acknowledge event {} for webhook {} of integration {}: {}", eventId, webhookId, integrationId,
                        e.getMessage());
                throw WebhookRejectedException.unavailable("the event could not be published to Kafka; retry later");
            }
            WebhookDelivery delivery = new WebhookDelivery(integrationId, webhookId, eventId, receivedAt, receivedAt.plus(retention));
            // The event is safely on the topic, so the webhook is accepted without waiting for the record: a record that
            // is never written only means a later redelivery publishes again, under the same deterministic event id,
            // which the orchestrator de-duplicates. Until it is written, this instance's memory answers redeliveries.
            recent.remember(delivery);
            deliveries.recordInBackground(delivery);
            log.info("Webhook {} of integration {} published as event {} (signed with {}, {} ids)", webhookId, integrationId, eventId,
                    signer.reference(), payload.ids().size());
            return new WebhookReceipt(eventId, webhookId, false);
        } finally {
            MDC.remove("integrationId");
            MDC.remove("webhookId");
        }
    }

    /**
     * The CloudEvents id of a webhook's event: a name-based UUID, so a retry after a crash between publishing and
     * remembering the delivery publishes the same id again and the orchestrator drops it as a duplicate.
     */
    static String eventId(String integrationId, String webhookId) {
        return UUID.nameUUIDFromBytes((integrationId + "/" + webhookId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Integration find(ConnectorType connector, String integrationId) {
        if (!isDocumentId(integrationId)) {
            // Firestore would throw on such ids; no integration can have one, so the URL names nothing.
            throw WebhookRejectedException.notFound("no " + connector.value() + " integration with that id");
        }
        Integration integration = cache.get(integrationId, () -> firestore(() -> integrations.find(integrationId)))
                // A webhook on the wrong connector path is treated as unknown: the URL names no such integration.
                .filter(found -> found.connector() == connector)
                .orElseThrow(() -> WebhookRejectedException.notFound("no " + connector.value() + " integration '" + integrationId + "'"));
        if (!integration.enabled()) {
            throw new WebhookRejectedException(HttpStatus.CONFLICT,
                    "integration '" + integrationId + "' is disabled; enable it before sending webhooks");
        }
        return integration;
    }

    /** Firestore's document id rules, with room left for the delivery id's 65-character suffix. */
    private static boolean isDocumentId(String id) {
        return !id.isBlank() && !id.equals(".") && !id.equals("..") && !(id.startsWith("__") && id.endsWith("__"))
                && id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES;
    }

    private static <T> T firestore(Supplier<T> call) {
        try {
            return call.get();
        } catch (FirestoreAccessException e) {
            log.warn("Firestore unavailable: {}", e.getMessage());
            throw WebhookRejectedException.unavailable("the integration store is unavailable; retry later");
        }
    }
}
