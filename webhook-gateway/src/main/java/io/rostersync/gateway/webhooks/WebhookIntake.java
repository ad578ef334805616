package io.rostersync.gateway.webhooks;

import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.firestore.FirestoreAccessException;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.deliveries.DeliveryClaim;
import io.rostersync.gateway.deliveries.DeliveryClaim.AlreadyPublished;
import io.rostersync.gateway.deliveries.DeliveryClaim.InProgress;
import io.rostersync.gateway.deliveries.DeliveryClaim.Won;
import io.rostersync.gateway.deliveries.LocalDeliveries;
import io.rostersync.gateway.deliveries.WebhookDeliveries;
import io.rostersync.gateway.deliveries.WebhookDelivery;
import io.rostersync.gateway.ratelimit.IntegrationRateLimits;
import io.rostersync.gateway.verification.SignatureHeaders;
import io.rostersync.gateway.verification.SignatureVerifier;
import io.rostersync.gateway.verification.WebhookSecret;
import io.rostersync.gateway.verification.WebhookSecrets;
import io.rostersync.gateway.webhooks.IntegrationCache.KnownIntegration;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns one received webhook into at most one {@code SisChangeEvent}: find the integration, verify the signature, take a
 * token of its rate limit, read the body, claim the webhook id, publish and wait for the broker, confirm the claim.
 * Nothing here blocks: the answer is a future that completes when Firestore and Kafka have answered, so no thread is
 * parked per webhook in progress. A webhook whose id was published before (or is being published) is a duplicate.
 */
@Service
class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    private static final int MAX_ID_BYTES = 1024;

    private final SignatureVerifier verifier;
    private final WebhookDeliveries deliveries;
    private final LocalDeliveries local;
    private final IntegrationRateLimits rateLimits;
    private final SisChangePublisher publisher;
    private final Clock clock;
    private final Duration retention;
    private final Duration publishTimeout;
    private final IntegrationCache integrations;

    WebhookIntake(Integrations integrations, WebhookSecrets secrets, SignatureVerifier verifier, WebhookDeliveries deliveries,
                  LocalDeliveries local, IntegrationRateLimits rateLimits, SisChangePublisher publisher, Clock clock,
                  GatewaySettings settings) {
        this.verifier = verifier;
        this.deliveries = deliveries;
        this.local = local;
        this.rateLimits = rateLimits;
        this.publisher = publisher;
        this.clock = clock;
        this.retention = settings.dedupeRetention();
        this.publishTimeout = settings.publishTimeout();
        // sync-core's store reads blocking; a load happens once per time to live, so it may take a pooled thread for it.
        this.integrations = new IntegrationCache(settings.integrationCacheTtl(), id -> Mono.fromCallable(
                        () -> integrations.find(id).map(found -> new KnownIntegration(found, secrets.of(found))))
                .subscribeOn(Schedulers.boundedElastic()).toFuture()
                .orTimeout(settings.firestoreTimeout().toNanos(), TimeUnit.NANOSECONDS), System::nanoTime);
    }

    /**
     * @return the receipt once the event was acknowledged (or the webhook found to be a duplicate); completes exceptionally
     *     with {@link WebhookRejectedException} for an unknown or disabled integration, a bad body, the rate limit, or
     *     Kafka/Firestore unavailable, and with {@link io.rostersync.gateway.verification.SignatureRejectedException} when
     *     the signature does not verify. Runs to its end even when nobody waits any more, so a claim is always settled.
     */
    CompletableFuture<WebhookReceipt> receive(ConnectorType connector, String integrationId, SignatureHeaders headers, byte[] body) {
        if (!isDocumentId(integrationId)) {
            // Firestore would throw on such ids; no integration can have one, so the URL names nothing.
            return CompletableFuture.failedFuture(WebhookRejectedException.notFound("no " + connector.value() + " integration with that id"));
        }
        return integrations.get(integrationId)
                .exceptionally(error -> {
                    throw translate(error, "the integration store is unavailable; retry later");
                })
                .thenCompose(found -> {
                    KnownIntegration integration = check(connector, integrationId, found);
                    WebhookSecret signer = verifier.verify(headers, body, integration.secrets());
                    // After verification, so only the SIS itself can use up its integration's budget.
                    Duration wait = rateLimits.tryAcquire(integrationId);
                    if (!wait.isZero()) {
                        throw WebhookRejectedException.tooManyRequests(integrationId, wait);
                    }
                    return deliver(connector, integrationId, headers.webhookId(), WebhookPayload.parse(body), signer);
                });
    }

    /**
     * The CloudEvents id of a webhook's event: a name-based UUID, so every publication of one webhook (after a crash, or a
     * Kafka timeout whose record arrived after all) carries the same id and the orchestrator drops the copies.
     */
    static String eventId(String integrationId, String webhookId) {
        return UUID.nameUUIDFromBytes((integrationId + "/" + webhookId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private CompletableFuture<WebhookReceipt> deliver(ConnectorType connector, String integrationId, String webhookId,
                                                      WebhookPayload payload, WebhookSecret signer) {
        Optional<CompletableFuture<WebhookDelivery>> owner = local.begin(integrationId, webhookId);
        if (owner.isPresent()) {
            // Another delivery of this webhook id is (or was) on this instance: its outcome is ours.
            return owner.get().handle((delivery, error) -> {
                if (error != null) {
                    throw translate(error, "the event could not be published; retry later");
                }
                return duplicate(delivery);
            });
        }
        Instant receivedAt = clock.instant();
        String eventId = eventId(integrationId, webhookId);
        WebhookDelivery claim = new WebhookDelivery(integrationId, webhookId, eventId, receivedAt, receivedAt.plus(retention),
                WebhookDelivery.State.PUBLISHING);
        SisChangeEvent event = new SisChangeEvent(webhookId, connector, integrationId, payload.entityType(), payload.ids(),
                payload.changeKind(), receivedAt);
        CompletableFuture<WebhookReceipt> receipt;
        try {
            receipt = deliveries.claim(claim)
                    .exceptionally(error -> {
                        throw translate(error, "the delivery store is unavailable; retry later");
                    })
                    .thenCompose(outcome -> settle(outcome, event, signer, payload));
        } catch (RuntimeException e) {
            receipt = CompletableFuture.failedFuture(e);
        }
        return receipt.whenComplete((result, error) -> {
            if (error != null) {
                local.abandon(integrationId, webhookId, unwrap(error));
            }
        });
    }

    private CompletableFuture<WebhookReceipt> settle(DeliveryClaim outcome, SisChangeEvent event, WebhookSecret signer,
                                                     WebhookPayload payload) {
        if (outcome instanceof Won won) {
            return publish(won, event, signer, payload);
        }
        if (outcome instanceof AlreadyPublished found) {
            local.published(found.delivery());
            return CompletableFuture.completedFuture(duplicate(found.delivery()));
        }
        InProgress elsewhere = (InProgress) outcome;
        // By the end of the publish timeout the other delivery has either published (then the retry is a duplicate) or given up.
        return CompletableFuture.failedFuture(WebhookRejectedException.unavailable("another delivery of webhook '"
                + elsewhere.delivery().webhookId() + "' is being published right now; retry later", publishTimeout));
    }

    private CompletableFuture<WebhookReceipt> publish(Won won, SisChangeEvent event, WebhookSecret signer, WebhookPayload payload) {
        WebhookDelivery claim = won.delivery();
        return publisher.publish(claim.integrationId(), claim.eventId(), claim.webhookId(), event)
                .handle((acknowledged, error) -> Optional.ofNullable(error))
                .thenCompose(error -> {
                    if (error.isPresent()) {
                        logWithIds(claim, () -> log.warn("Kafka did not acknowledge event {} for webhook {} of integration {}: {}",
                                claim.eventId(), claim.webhookId(), claim.integrationId(), describe(unwrap(error.get()))));
                        // Released before the answer, so the sender's retry finds the webhook id free again.
                        return deliveries.release(won).thenApply(released -> {
                            throw WebhookRejectedException.unavailable("the event could not be published to Kafka; retry later");
                        });
                    }
                    WebhookDelivery published = claim.published();
                    // Memory first, so a redelivery to this instance is a duplicate at once; Firestore follows in the background.
                    local.published(published);
                    deliveries.confirm(published);
                    if (log.isInfoEnabled()) {
                        logWithIds(claim, () -> log.info("Webhook {} of integration {} published as event {} (signed with {}, {} ids)",
                                claim.webhookId(), claim.integrationId(), claim.eventId(), signer.reference(), payload.ids().size()));
                    }
                    return CompletableFuture.completedFuture(new WebhookReceipt(claim.eventId(), claim.webhookId(), false));
                });
    }

    private static WebhookReceipt duplicate(WebhookDelivery delivery) {
        if (log.isInfoEnabled()) {
            logWithIds(delivery, () -> log.info("Webhook {} of integration {} was already published as event {}; not publishing again",
                    delivery.webhookId(), delivery.integrationId(), delivery.eventId()));
        }
        return new WebhookReceipt(delivery.eventId(), delivery.webhookId(), true);
    }

    private static KnownIntegration check(ConnectorType connector, String integrationId, Optional<KnownIntegration> found) {
        KnownIntegration integration = found
                // A webhook on the wrong connector path is treated as unknown: the URL names no such integration.
                .filter(known -> known.integration().connector() == connector)
                .orElseThrow(() -> WebhookRejectedException.notFound("no " + connector.value() + " integration '" + integrationId + "'"));
        if (!integration.integration().enabled()) {
            throw new WebhookRejectedException(HttpStatus.CONFLICT,
                    "integration '" + integrationId + "' is disabled; enable it before sending webhooks");
        }
        if (integration.secrets().isEmpty()) {
            log.error("Integration {} has no usable webhook secret; every webhook is refused", integrationId);
            throw new WebhookRejectedException(HttpStatus.UNAUTHORIZED,
                    "integration '" + integrationId + "' has no usable webhook secret, so no signature can be verified");
        }
        return integration;
    }

    /** Firestore's document id rules, with room left for the delivery id's 65-character suffix. */
    private static boolean isDocumentId(String id) {
        return !id.isBlank() && !id.equals(".") && !id.equals("..") && !(id.startsWith("__") && id.endsWith("__"))
                && id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES;
    }

    /** Refusals pass through; Firestore trouble and timeouts become 503 with {@code detail}; anything else is a bug (500). */
    private static RuntimeException translate(Throwable error, String detail) {
        Throwable cause = unwrap(error);
        if (cause instanceof FirestoreAccessException || cause instanceof TimeoutException) {
            log.warn("Firestore unavailable: {}", describe(cause));
            return WebhookRejectedException.unavailable(detail);
        }
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable error) {
        return error instanceof TimeoutException ? "no answer in time" : error.getMessage();
    }

    /** Continuations run on Firestore's and Kafka's threads, so the ids go into the MDC around each log line only. */
    private static void logWithIds(WebhookDelivery delivery, Runnable logLine) {
        try (MDC.MDCCloseable integration = MDC.putCloseable("integrationId", delivery.integrationId());
             MDC.MDCCloseable webhook = MDC.putCloseable("webhookId", delivery.webhookId());
             MDC.MDCCloseable event = MDC.putCloseable("eventId", delivery.eventId());
             CorrelationId.Scope correlation = CorrelationId.open(delivery.eventId())) {
            logLine.run();
        }
    }
}
