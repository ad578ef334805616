package io.rostersync.gateway.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.gateway.GatewaySettings;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Publishes webhook events to {@code sis.changes} without blocking the caller. Kafka's {@code send} itself may block (up
 * to {@code max.block.ms}) while it fetches topic metadata or waits for buffer space, for instance while the broker is
 * down; so sends run on one thread of their own, never on the HTTP event loop or a Firestore callback thread.
 * Acknowledgements arrive on the producer's network thread.
 */
@Component
class SisChangePublisher {

    private final EventPublisher publisher;
    private final Duration timeout;
    private final Timer acknowledgementTime;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-publisher");
        thread.setDaemon(true);
        return thread;
    });

    SisChangePublisher(EventPublisher publisher, GatewaySettings settings, MeterRegistry meters) {
        this.publisher = publisher;
        this.timeout = settings.publishTimeout();
        this.acknowledgementTime = Timer.builder("rostersync.gateway.publish")
                .description("Time from handing a webhook's event to Kafka to the broker's acknowledgement").register(meters);
    }

    /**
     * @return completes once the broker acknowledged the event ({@code acks=all}); exceptionally when it refused it, or with
     *     a {@link java.util.concurrent.TimeoutException} after {@code publish-timeout}. A timed-out event may still reach the
     *     topic later (it carries the webhook's deterministic event id, so consumers drop a second copy).
     */
    CompletableFuture<Void> publish(String integrationId, String eventId, String webhookId, SisChangeEvent event) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<Void>().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long handedOver = System.nanoTime();
        acknowledged.thenRun(() -> acknowledgementTime.record(System.nanoTime() - handedOver, TimeUnit.NANOSECONDS));
        try {
            sender.execute(() -> {
                if (acknowledged.isDone()) {
                    // The webhook was already answered 503 while the sender was blocked: do not publish behind its back.
                    return;
                }
                // The event id is the correlation id of everything this webhook causes downstream.
                try (CorrelationId.Scope correlation = CorrelationId.open(eventId)) {
                    publisher.publish(Topics.SIS_CHANGES, integrationId, eventId, webhookId, event).whenComplete((result, error) -> {
                        if (error != null) {
                            acknowledged.completeExceptionally(error);
                        } else {
                            acknowledged.complete(null);
                        }
                    });
                } catch (RuntimeException e) {
                    acknowledged.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
    }
}
