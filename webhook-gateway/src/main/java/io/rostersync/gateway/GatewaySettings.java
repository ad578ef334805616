package io.rostersync.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
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
 * @param publishTimeout how long a webhook waits for Kafka's acknowledgement before it is answered 503; short, because
 *     the sender is waiting and retries anyway (Standard Webhooks senders time out after 15-30 s)
 * @param integrationCacheTtl how long an integration read from Firestore is reused; disabling an integration or
 *     rotating its secret takes effect within this time
 * @param recentDeliveries how many published webhook ids this instance keeps in memory in front of Firestore, so that a
 *     redelivery arriving before its delivery record is written is still recognised
 * @param intakeThreads threads that run the blocking part of a webhook (Firestore, waiting for Kafka's acknowledgement);
 *     mostly waiting, so many more than cores: they bound how many webhooks are in progress at once
 * @param rateLimit the per-integration token bucket
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.gateway")
public record GatewaySettings(
        @Min(1) @Max(4 * 1024 * 1024) long maxBodyBytes,
        @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration timestampTolerance,
        @NotNull @DurationMin(hours = 24) Duration dedupeRetention,
        @NotNull @DurationMin(seconds = 1) Duration retryAfter,
        @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 60) Duration publishTimeout,
        @NotNull @DurationMax(minutes = 5) Duration integrationCacheTtl,
        @Min(1) @Max(10_000_000) int recentDeliveries,
        @Min(1) @Max(4096) int intakeThreads,
        @NotNull @Valid RateLimit rateLimit) {

    /**
     * A token bucket per integration: {@code burst} webhooks at once, refilled at {@code perSecond}. Over it the
     * gateway answers 429 with {@code Retry-After}. Only webhooks whose signature verified count, so nobody but the
     * SIS itself can use up an integration's budget.
     *
     * @param perSecond sustained webhooks per second per integration (fractions allowed, e.g. 0.5)
     * @param burst webhooks accepted at once after a quiet period
     */
    public record RateLimit(@DecimalMin("0.001") double perSecond, @Min(1) int burst) {
    }
}
