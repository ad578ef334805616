package io.rostersync.gateway;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway accepts webhooks. Defaults live in {@code webhook-gateway.yml}.
 *
 * @param maxBodyBytes largest webhook body accepted; larger ones are refused with 413 without reading them whole.
 *     Capped at 4 MiB because the event must still fit one Kafka record.
 * @param timestampTolerance how far {@code webhook-timestamp} may lie from now, in either direction, to bound replays
 *     (Standard Webhooks recommends 5 minutes)
 * @param dedupeRetention how long a delivered {@code webhook-id} is remembered; at least 24 h so that every
 *     sender retry schedule (Standard Webhooks senders retry for about a day) is covered
 * @param retryAfter what a 503 answer (Kafka or Firestore unavailable) tells the sender to wait
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.gateway")
public record GatewaySettings(
        @Min(1) @Max(4 * 1024 * 1024) long maxBodyBytes,
        @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration timestampTolerance,
        @NotNull @DurationMin(hours = 24) Duration dedupeRetention,
        @NotNull @DurationMin(seconds = 1) Duration retryAfter) {
}
