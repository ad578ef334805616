package io.rostersync.core.connector.http;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resilience4j retry, circuit breaker and rate limiter that guard the calls to one integration's SIS, created
 * on first use from registries, so that a district that is down or throttling never slows down or trips another.
 */
final class SisGuards {

    private static final Logger log = LoggerFactory.getLogger(SisGuards.class);

    /** The three guards of one integration. */
    record Guard(Retry retry, CircuitBreaker circuitBreaker, RateLimiter rateLimiter) {
    }

    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final RateLimiterRegistry limiters;

    SisGuards(HttpSettings settings, Clock clock) {
        this.retries = RetryRegistry.of(retryConfig(settings, clock));
        this.breakers = CircuitBreakerRegistry.of(breakerConfig(settings.circuitBreaker()));
        this.limiters = RateLimiterRegistry.of(limiterConfig(settings));
        breakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher().onStateTransition(
                event -> log.warn("circuit breaker of {}: {} -> {}", event.getCircuitBreakerName(),
                        event.getStateTransition().getFromState(), event.getStateTransition().getToState())));
    }

    /** @param key the integration id (or, when a caller names none, the SIS's scheme and authority) */
    Guard of(String key) {
        return new Guard(retries.retry(key), breakers.circuitBreaker(key), limiters.rateLimiter(key));
    }

    private static RetryConfig retryConfig(HttpSettings settings, Clock clock) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                settings.backoffMultiplier(), settings.backoffJitter(), settings.maxBackoff());
        // A server that says when to come back is believed (up to maxRetryAfter, see retryOnResult); otherwise back off
        // exponentially with jitter.
        IntervalBiFunction<HttpResponse<byte[]>> interval = (attempt, outcome) -> {
            if (outcome.isRight()) {
                Duration asked = RetryAfter.of(outcome.get(), clock);
                if (asked != null) {
                    return asked.toMillis();
                }
            }
            return backoff.apply(attempt);
        };
        Duration maxRetryAfter = settings.maxRetryAfter();
        return RetryConfig.<HttpResponse<byte[]>>custom()
                .maxAttempts(settings.maxRetries() + 1)
                .retryOnException(SisFailures::retriable)
                // An answer asking for a longer wait than we accept is handed back at once and fails the request.
                .retryOnResult(response -> SisFailures.retriable(response.statusCode())
                        && !exceeds(RetryAfter.of(response, clock), maxRetryAfter))
                .intervalBiFunction(interval)
                // Exhausted retries hand back the last answer, so the caller can say what the SIS answered.
                .failAfterMaxAttempts(false)
                .build();
    }

    private static boolean exceeds(Duration asked, Duration max) {
        return asked != null && asked.compareTo(max) > 0;
    }

    private static CircuitBreakerConfig breakerConfig(CircuitBreakerSettings settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .recordException(SisFailures::sisFailure)
                .ignoreExceptions(InterruptedException.class)
                .recordResult(SisFailures::sisFailure)
                .build();
    }

    private static RateLimiterConfig limiterConfig(HttpSettings settings) {
        // One permit per interval spaces requests evenly instead of letting a burst through at each second's start.
        Duration interval = Duration.ofNanos(Math.max(1, Math.round(1_000_000_000d / settings.requestsPerSecond())));
        Duration patience = settings.readTimeout().compareTo(interval.multipliedBy(2)) > 0 ? settings.readTimeout()
                : interval.multipliedBy(2);
        return RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(interval)
                .timeoutDuration(patience)
                .build();
    }
}
