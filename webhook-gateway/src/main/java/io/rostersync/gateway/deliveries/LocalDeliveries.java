package io.rostersync.gateway.deliveries;

import io.rostersync.gateway.GatewaySettings;
import java.time.Clock;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * This instance's webhook deliveries in progress and its most recent publications, in memory, in front of
 * {@link WebhookDeliveries}. Two copies of one webhook id arriving at the same instance at once are settled here, without
 * Firestore: the first becomes the owner and claims the id, the second follows the owner's outcome. Published ids are
 * kept (bounded, oldest forgotten first) so that a redelivery to this instance is answered without a Firestore call.
 * Firestore stays the source of truth across instances and restarts.
 */
@Component
public class LocalDeliveries {

    private final ConcurrentMap<String, CompletableFuture<WebhookDelivery>> byKey = new ConcurrentHashMap<>();
    private final Queue<String> publishedOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger published = new AtomicInteger();
    private final int capacity;
    private final Clock clock;

    @Autowired
    public LocalDeliveries(GatewaySettings settings, Clock clock) {
        this(settings.recentDeliveries(), clock);
    }

    public LocalDeliveries(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * Starts a delivery of the webhook id on this instance.
     *
     * @return empty when the caller now owns the webhook id and must end with {@link #published} or {@link #abandon};
     *     otherwise the outcome of the delivery that owns it: the published delivery, or the owner's failure
     */
    public Optional<CompletableFuture<WebhookDelivery>> begin(String integrationId, String webhookId) {
        String key = key(integrationId, webhookId);
        while (true) {
            CompletableFuture<WebhookDelivery> existing = byKey.putIfAbsent(key, new CompletableFuture<>());
            if (existing == null) {
                return Optional.empty();
            }
            WebhookDelivery known = existing.getNow(null);
            if (known != null && known.isExpiredAt(clock.instant())) {
                // Remembered for longer than the retention: the webhook may be published again.
                byKey.remove(key, existing);
                continue;
            }
            return Optional.of(existing);
        }
    }

    /** The owner's delivery was published (now or, as Firestore says, before): followers and redeliveries are duplicates. */
    public void published(WebhookDelivery delivery) {
        String key = key(delivery.integrationId(), delivery.webhookId());
        CompletableFuture<WebhookDelivery> entry = byKey.computeIfAbsent(key, k -> new CompletableFuture<>());
        if (entry.complete(delivery)) {
            publishedOrder.add(key);
            if (published.incrementAndGet() > capacity) {
                forgetOldest();
            }
        }
    }

    /** The owner did not publish: followers get {@code why}, and the next delivery starts afresh. */
    public void abandon(String integrationId, String webhookId, Throwable why) {
        CompletableFuture<WebhookDelivery> entry = byKey.get(key(integrationId, webhookId));
        if (entry != null && !entry.isDone()) {
            byKey.remove(key(integrationId, webhookId), entry);
            entry.completeExceptionally(why);
        }
    }

    private void forgetOldest() {
        String oldest = publishedOrder.poll();
        if (oldest != null) {
            published.decrementAndGet();
            // Only a published entry is forgotten; a new delivery of the same id may be in progress under the key by now.
            byKey.computeIfPresent(oldest, (key, entry) -> entry.isDone() ? null : entry);
        }
    }

    private static String key(String integrationId, String webhookId) {
        // '\n' cannot occur in an HTTP header value, so no two (integration, webhook id) pairs share a key.
        return integrationId + '\n' + webhookId;
    }
}
