package io.rostersync.oneroster;

import io.rostersync.core.connector.http.CircuitBreakerSettings;
import io.rostersync.core.connector.http.HttpSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How this service talks to OneRoster servers. Defaults live in {@code connector-oneroster.yml}. The retry, the
 * rate limit and the circuit breaker apply per integration: one district throttling or down never slows another.
 *
 * @param pageSize records asked for per page ({@code limit}); servers may return fewer
 * @param connectTimeout TCP connect timeout of every request
 * @param readTimeout how long to wait for a response before the attempt counts as failed
 * @param maxRetries extra attempts after a connection failure, timeout, 429 or 5xx
 * @param initialBackoff wait before the first retry when the server names none ({@code Retry-After})
 * @param backoffMultiplier each further retry waits this many times longer
 * @param backoffJitter the computed wait is spread randomly by up to this fraction either way
 * @param maxBackoff upper bound of the computed backoff
 * @param maxRetryAfter the longest {@code Retry-After} this service will wait; a server asking for more ends the pull as rate-limited
 * @param requestsPerSecond the most requests per second sent to one integration's server (token and retries included);
 *     ask the district what its SIS allows
 * @param circuitBreaker when to stop calling a server that keeps failing (the pull then fails at once, naming the cause)
 * @param tokenRefreshMargin a cached OAuth 2 token is renewed this long before its {@code expires_in} runs out
 *     (at most half its lifetime)
 * @param incrementalOverlap an incremental window starts this much before the cursor, so records written in the
 *     same instant as the cursor (or by a server whose clock stepped back) are not missed; re-delivered records are harmless
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.oneroster")
public record OneRosterSettings(
        @Min(1) @Max(10_000) int pageSize,
        @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout,
        @Min(0) @Max(20) int maxRetries,
        @NotNull Duration initialBackoff,
        @DecimalMin("1.0") @DecimalMax("10.0") double backoffMultiplier,
        @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) double backoffJitter,
        @NotNull Duration maxBackoff,
        @NotNull Duration maxRetryAfter,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("10000.0") double requestsPerSecond,
        @Valid @NotNull CircuitBreakerSettings circuitBreaker,
        @NotNull Duration tokenRefreshMargin,
        @NotNull Duration incrementalOverlap) {

    /** The settings every request to the SIS is sent with. */
    public HttpSettings http() {
        return new HttpSettings(connectTimeout, readTimeout, maxRetries, initialBackoff, backoffMultiplier, backoffJitter,
                maxBackoff, maxRetryAfter, requestsPerSecond, circuitBreaker);
    }
}
