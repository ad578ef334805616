package io.rostersync.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.gateway.webhooks.IntegrationCache.KnownIntegration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntegrationCacheTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    private final AtomicLong now = new AtomicLong();
    private final List<CompletableFuture<Optional<KnownIntegration>>> loads = new CopyOnWriteArrayList<>();
    private final IntegrationCache cache = new IntegrationCache(TTL, id -> {
        CompletableFuture<Optional<KnownIntegration>> load = new CompletableFuture<>();
        loads.add(load);
        return load;
    }, now::get);

    @Test
    void webhooksArrivingDuringALoadShareIt() {
        CompletableFuture<Optional<KnownIntegration>> first = cache.get("i-1");
        CompletableFuture<Optional<KnownIntegration>> second = cache.get("i-1");

        assertThat(loads).hasSize(1);
        loads.get(0).complete(Optional.of(known(true)));
        assertThat(first.join()).isEqualTo(second.join()).contains(known(true));
    }

    @Test
    void anIntegrationIsReadAgainOnceItsTimeToLiveHasPassedCountedFromTheLoadsStart() {
        cache.get("i-1");
        now.addAndGet(TTL.toNanos() - 1);
        loads.get(0).complete(Optional.of(known(true)));
        assertThat(cache.get("i-1").join()).contains(known(true));
        assertThat(loads).hasSize(1);

        now.addAndGet(1);
        CompletableFuture<Optional<KnownIntegration>> reloaded = cache.get("i-1");

        assertThat(loads).hasSize(2);
        loads.get(1).complete(Optional.of(known(false)));
        assertThat(reloaded.join()).contains(known(false));
    }

    @Test
    void failedLoadsAndUnknownIntegrationsAreNotKept() {
        cache.get("i-1");
        loads.get(0).completeExceptionally(new IllegalStateException("Firestore down"));
        cache.get("i-2");
        loads.get(1).complete(Optional.empty());

        cache.get("i-1");
        cache.get("i-2");

        assertThat(loads).hasSize(4);
    }

    @Test
    void aZeroTimeToLiveReadsEveryTime() {
        IntegrationCache off = new IntegrationCache(Duration.ZERO, id -> {
            CompletableFuture<Optional<KnownIntegration>> load = CompletableFuture.completedFuture(Optional.of(known(true)));
            loads.add(load);
            return load;
        }, now::get);

        off.get("i-1");
        off.get("i-1");

        assertThat(loads).hasSize(2);
    }

    private static KnownIntegration known(boolean enabled) {
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        return new KnownIntegration(new Integration("i-1", "Demo", ConnectorType.ONEROSTER, null, null, enabled, null, List.of(), t, t), List.of());
    }
}
