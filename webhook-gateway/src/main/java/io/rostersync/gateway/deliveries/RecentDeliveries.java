package io.rostersync.gateway.deliveries;

import io.rostersync.gateway.GatewaySettings;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The webhooks this instance published most recently, in memory and bounded (oldest forgotten first). It sits in front
 * of {@link WebhookDeliveries} because delivery records are written after the answer: a redelivery that arrives
 * before its record is in Firestore is still recognised here. Firestore stays the source of truth across restarts
 * and replicas.
 */
@Component
public class RecentDeliveries {

    private final ConcurrentMap<String, WebhookDelivery> byId = new ConcurrentHashMap<>();
    private final Queue<String> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    @Autowired
    public RecentDeliveries(GatewaySettings settings) {
        this(settings.recentDeliveries());
    }

    public RecentDeliveries(int capacity) {
        this.capacity = capacity;
    }

    public Optional<WebhookDelivery> find(String integrationId, String webhookId) {
        return Optional.ofNullable(byId.get(key(integrationId, webhookId)));
    }

    public void remember(WebhookDelivery delivery) {
        String key = key(delivery.integrationId(), delivery.webhookId());
        if (byId.put(key, delivery) == null) {
            order.add(key);
            if (size.incrementAndGet() > capacity) {
                String oldest = order.poll();
                if (oldest != null) {
                    byId.remove(oldest);
                    size.decrementAndGet();
                }
            }
        }
    }

    private static String key(String integrationId, String webhookId) {
        // '\n' cannot occur in an HTTP header value, so no two (integration, webhook id) pairs share a key.
        return integrationId + '\n' + webhookId;
    }
}
