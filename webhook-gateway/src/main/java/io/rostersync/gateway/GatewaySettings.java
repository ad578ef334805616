package io.rostersync.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
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
 * @param producerLinger how long Kafka's producer waits to fill a batch before sending it ({@code linger.ms}); see
 *     {@code GatewayKafkaConfiguration}
 * @param firestoreTimeout how long a webhook waits for Firestore (reading its integration, claiming its webhook id) before
 *     it is answered 503; short for the same reason as {@code publishTimeout}
 * @param deliveryLinger how long the first delivery write (a claim or a confirmation) waits for others to share its
 *     Firestore call; a little latency for far fewer calls (see {@code GroupCommit})
 * @param claimTimeout how long a claimed webhook id may stay unconfirmed before a redelivery of it takes the claim over and
 *     publishes again (under the same event id): only a gateway that crashed between claiming and confirming leaves such
 *     a claim. Longer than {@code publishTimeout + firestoreTimeout}, so a publication still in progress is never taken over.
 * @param integrationCacheTtl how long an integration read from Firestore is reused; disabling an integration or
 *     rotating its secret takes effect within this time
 * @param recentDeliveries how many published webhook ids this instance keeps in memory in front of Firestore, so that a
 *     redelivery to the same instance is answered without a Firestore call
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
        @NotNull @DurationMax(seconds = 1) Duration producerLinger,
        @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 60) Duration firestoreTimeout,
        @NotNull @DurationMax(millis = 100) Duration deliveryLinger,
        @NotNull @DurationMax(hours = 1) Duration claimTimeout,
        @NotNull @DurationMax(minutes = 5) Duration integrationCacheTtl,
        @Min(1) @Max(10_000_000) int recentDeliveries,
        @NotNull @Valid RateLimit rateLimit) {

    /** A live publication must never look abandoned: it ends (acknowledged or given up) within both timeouts. */
    @AssertTrue(message = "claim-timeout must be longer than publish-timeout + firestore-timeout")
    public boolean isClaimTimeoutLongerThanAPublication() {
        return claimTimeout == null || publishTimeout == null || firestoreTimeout == null
                || claimTimeout.compareTo(publishTimeout.plus(firestoreTimeout)) > 0;
    }

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
