package io.rostersync.simulator.webhooks;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the webhook sender delivers change notifications. Defaults live in {@code sis-simulator.yml}.
 *
 * @param queueCapacity  notifications waiting for delivery; one more is dropped (counted, logged) so a slow or
 *                       dead receiver never blocks a write
 * @param maxAttempts    attempts per notification (first try included) on 5xx, 429 or connection errors
 * @param initialBackoff delay before the first retry; doubled per retry up to {@code maxBackoff}
 * @param maxBackoff     longest delay between two attempts
 * @param connectTimeout TCP connect timeout per attempt
 * @param requestTimeout time to wait for the receiver's response per attempt
 */
@Validated
@ConfigurationProperties(prefix = "simulator.webhooks")
public record WebhookSettings(@Min(1) @Max(1_000_000) int queueCapacity, @Min(1) @Max(20) int maxAttempts,
        @NotNull Duration initialBackoff, @NotNull Duration maxBackoff, @NotNull Duration connectTimeout,
        @NotNull Duration requestTimeout) {
}
