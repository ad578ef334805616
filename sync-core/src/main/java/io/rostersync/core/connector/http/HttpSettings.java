package io.rostersync.core.connector.http;

import java.time.Duration;

/**
 * The HTTP part of a connector's settings; each connector's settings record provides it so that its properties
 * (and their validation) stay where operators already find them.
 *
 * @param connectTimeout TCP connect timeout of every request
 * @param readTimeout how long to wait for a response before the attempt counts as failed
 * @param maxRetries extra attempts after a connection failure, timeout, 429 or 5xx
 * @param initialBackoff wait before the first retry; doubles on each further retry
 * @param maxBackoff upper bound of the computed backoff
 * @param maxRetryAfter the longest {@code Retry-After} to wait; a server asking for more fails the request (as
 *     {@code rate-limited} for a 429, {@code unreachable} for a 5xx)
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, int maxRetries, Duration initialBackoff,
        Duration maxBackoff, Duration maxRetryAfter) {
}
