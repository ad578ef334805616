package io.rostersync.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.gateway.GatewaySettings;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrationRateLimitsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final IntegrationRateLimits limits = new IntegrationRateLimits(new GatewaySettings.RateLimit(10, 5), nanos::get);

    @Test
    void aQuietIntegrationMayBurstThenIsToldWhenTheNextTokenIsDue() {
        for (int i = 0; i < 5; i++) {
            assertThat(limits.tryAcquire("i-1")).as("webhook %d of the burst", i).isZero();
        }

        assertThat(limits.tryAcquire("i-1")).isEqualTo(Duration.ofMillis(100));
        nanos.addAndGet(Duration.ofMillis(40).toNanos());
        assertThat(limits.tryAcquire("i-1")).isEqualTo(Duration.ofMillis(60));
    }

    @Test
    void tokensRefillAtTheConfiguredRateAndNoFasterThanTheBurst() {
        for (int i = 0; i < 5; i++) {
            limits.tryAcquire("i-1");
        }
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(limits.tryAcquire("i-1")).isZero();
        assertThat(limits.tryAcquire("i-1")).isPositive();

        // A long quiet period refills the bucket to the burst, not beyond.
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        int accepted = 0;
        while (limits.tryAcquire("i-1").isZero()) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(5);
    }

    @Test
    void eachIntegrationHasItsOwnBucket() {
        for (int i = 0; i < 5; i++) {
            limits.tryAcquire("i-1");
        }

        assertThat(limits.tryAcquire("i-1")).isPositive();
        assertThat(limits.tryAcquire("i-2")).isZero();
    }

    @Test
    void concurrentCallersNeverTakeMoreThanTheBurst() throws Exception {
        IntegrationRateLimits frozen = new IntegrationRateLimits(new GatewaySettings.RateLimit(1, 1000), () -> 42L);
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        if (frozen.tryAcquire("i-1").isZero()) {
                            accepted.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(accepted).hasValue(1000);
    }
}
