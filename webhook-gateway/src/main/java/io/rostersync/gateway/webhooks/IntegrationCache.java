package io.rostersync.gateway.webhooks;

import io.rostersync.core.integrations.Integration;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Integrations read from Firestore, reused for a short time so that a burst of webhooks for one integration costs one
 * read, not one per webhook. Only found integrations are kept: unknown ids (anyone can send those) take no memory.
 * A zero time to live turns the cache off.
 */
final class IntegrationCache {

    private record Entry(Integration integration, long expiresAtNanos) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    IntegrationCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    Optional<Integration> get(String integrationId, Supplier<Optional<Integration>> load) {
        long now = System.nanoTime();
        Entry entry = entries.get(integrationId);
        if (entry != null && now - entry.expiresAtNanos() < 0) {
            return Optional.of(entry.integration());
        }
        Optional<Integration> loaded = load.get();
        if (ttlNanos > 0) {
            loaded.ifPresentOrElse(found -> entries.put(integrationId, new Entry(found, now + ttlNanos)),
                    () -> entries.remove(integrationId));
        }
        return loaded;
    }
}
