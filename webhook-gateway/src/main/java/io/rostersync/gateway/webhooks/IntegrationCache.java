package io.rostersync.gateway.webhooks;

import io.rostersync.core.integrations.Integration;
import io.rostersync.gateway.verification.WebhookSecret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Integrations and their resolved webhook secrets, loaded at most once per time to live per integration, so a burst of
 * webhooks costs one Firestore read and one secret resolution, not one per webhook. Webhooks that arrive while an
 * integration is being (re)loaded wait for that one load instead of starting their own. The time to live counts from the
 * start of the load, so disabling an integration or rotating its secret takes effect within it. Failed loads and unknown
 * ids (anyone can send those) are not kept. A zero time to live turns the cache off.
 */
final class IntegrationCache {

    /** An integration as the intake needs it: the stored document and the secrets its references resolve to now. */
    record KnownIntegration(Integration integration, List<WebhookSecret> secrets) {

        KnownIntegration {
            secrets = List.copyOf(secrets);
        }
    }

    private record Entry(CompletableFuture<Optional<KnownIntegration>> value, long loadStartedNanos) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Function<String, CompletableFuture<Optional<KnownIntegration>>> loader;
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    /** @param loader reads one integration without blocking the caller; completes exceptionally when the store fails */
    IntegrationCache(Duration ttl, Function<String, CompletableFuture<Optional<KnownIntegration>>> loader, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.loader = loader;
        this.nanoClock = nanoClock;
    }

    CompletableFuture<Optional<KnownIntegration>> get(String integrationId) {
        if (ttlNanos == 0) {
            return loader.apply(integrationId);
        }
        while (true) {
            long now = nanoClock.getAsLong();
            Entry current = entries.get(integrationId);
            if (current != null && now - current.loadStartedNanos() < ttlNanos) {
                return current.value();
            }
            Entry next = new Entry(new CompletableFuture<>(), now);
            boolean mine = current == null ? entries.putIfAbsent(integrationId, next) == null : entries.replace(integrationId, current, next);
            if (mine) {
                load(integrationId, next);
                return next.value();
            }
            // Another webhook started the load first: use it.
        }
    }

    private void load(String integrationId, Entry entry) {
        CompletableFuture<Optional<KnownIntegration>> loaded;
        try {
            loaded = loader.apply(integrationId);
        } catch (RuntimeException e) {
            loaded = CompletableFuture.failedFuture(e);
        }
        loaded.whenComplete((value, error) -> {
            if (error != null || value.isEmpty()) {
                entries.remove(integrationId, entry);
            }
            if (error != null) {
                entry.value().completeExceptionally(error);
            } else {
                entry.value().complete(value);
            }
        });
    }
}
