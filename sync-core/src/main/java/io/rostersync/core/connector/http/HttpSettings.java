package io.rostersync.core.connector.http;

import java.time.Duration;

/**
 * The HTTP part of a connector's settings; each connector's settings record provides it so that its properties
 * (and their validation) stay where operators already find them. Every integration gets its own retry, circuit
 * breaker and rate limiter built from these values (see {@link SisGuards}).
 *
 * @param connectTimeout TCP connect timeout of every request
 * @param readTimeout how long to wait for a response before the attempt counts as failed; also the longest wait for
 *     a rate-limiter permit (at least two permit intervals)
 * @param maxRetries extra attempts after a connection failure, timeout, 429 or 5xx
 * @param initialBackoff wait before the first retry when the server names none ({@code Retry-After})
 * @param backoffMultiplier each further retry waits this many times longer (at least 1)
 * @param backoffJitter the computed wait is spread by up to this fraction either way (0 ≤ jitter &lt; 1), so that
 *     clients that failed together do not retry together
 * @param maxBackoff upper bound of the computed backoff
 * @param maxRetryAfter the longest {@code Retry-After} to wait; a server asking for more fails the request (as
 *     {@code rate-limited} for a 429, {@code unreachable} for a 5xx)
 * @param requestsPerSecond the most requests per second sent to one integration's SIS, retries and token requests
 *     included; requests are spaced evenly
 * @param circuitBreaker when to stop calling an integration's SIS that keeps failing
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, int maxRetries, Duration initialBackoff,
        double backoffMultiplier, double backoffJitter, Duration maxBackoff, Duration maxRetryAfter, double requestsPerSecond,
        CircuitBreakerSettings circuitBreaker) {
}
