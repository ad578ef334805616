package io.rostersync.gateway.ratelimit;

import io.rostersync.gateway.GatewaySettings;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One token bucket per integration, lock-free: each bucket is a single {@link AtomicLong} holding its "theoretical
 * arrival time" (the generic cell rate algorithm, equivalent to a token bucket of {@code burst} tokens refilled at
 * {@code perSecond}). A webhook takes a token with one compare-and-set; a refusal says when the next token is due.
 * Buckets are kept only for integrations whose webhooks verified, so their number is bounded by the integrations.
 */
@Component
public class IntegrationRateLimits {

    private final ConcurrentMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final long burstNanos;

    @Autowired
    public IntegrationRateLimits(GatewaySettings settings) {
        this(settings.rateLimit(), System::nanoTime);
    }

    public IntegrationRateLimits(GatewaySettings.RateLimit limit, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.intervalNanos = Math.max(1, Math.round(1_000_000_000d / limit.perSecond()));
        this.burstNanos = Math.multiplyExact(intervalNanos, (long) limit.burst());
    }

    /**
     * Takes one token of the integration's bucket.
     *
     * @return {@link Duration#ZERO} when the webhook may proceed, else how long until a token is free again (positive)
     */
    public Duration tryAcquire(String integrationId) {
        long now = nanoClock.getAsLong();
        // A fresh bucket starts full: nothing is scheduled beyond now.
        AtomicLong tat = buckets.computeIfAbsent(integrationId, id -> new AtomicLong(now));
        while (true) {
            long current = tat.get();
            long next = Math.max(current, now) + intervalNanos;
            long excess = next - now - burstNanos;
            if (excess > 0) {
                return Duration.ofNanos(excess);
            }
            if (tat.compareAndSet(current, next)) {
                return Duration.ZERO;
            }
        }
    }
}
