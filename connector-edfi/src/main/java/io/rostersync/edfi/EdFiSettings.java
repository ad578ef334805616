package io.rostersync.edfi;

import io.rostersync.core.connector.http.HttpSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How this service talks to Ed-Fi ODS/APIs. Defaults live in {@code connector-edfi.yml}.
 *
 * @param pageSize items asked for per page ({@code pageSize} or {@code limit}); Ed-Fi caps {@code limit} at 500
 * @param connectTimeout TCP connect timeout of every request
 * @param readTimeout how long to wait for a response before the attempt counts as failed
 * @param maxRetries extra attempts after a connection failure, timeout, 429 or 5xx
 * @param initialBackoff wait before the first retry; doubles on each further retry
 * @param maxBackoff upper bound of the computed backoff
 * @param maxRetryAfter the longest {@code Retry-After} this service will wait; a server asking for more ends the pull as rate-limited
 * @param tokenRefreshMargin a cached token is renewed this long before its {@code expires_in} runs out
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.edfi")
public record EdFiSettings(
        @Min(1) @Max(500) int pageSize,
        @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout,
        @Min(0) @Max(20) int maxRetries,
        @NotNull Duration initialBackoff,
        @NotNull Duration maxBackoff,
        @NotNull Duration maxRetryAfter,
        @NotNull Duration tokenRefreshMargin) {

    /** The settings every request to the SIS is sent with. */
    public HttpSettings http() {
        return new HttpSettings(connectTimeout, readTimeout, maxRetries, initialBackoff, maxBackoff, maxRetryAfter);
    }
}
