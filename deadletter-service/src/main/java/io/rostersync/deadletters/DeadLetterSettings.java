package io.rostersync.deadletters;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How dead letters are collected and retried. Defaults live in {@code deadletter-service.yml}.
 *
 * @param metadataMaxAge how often the consumer refreshes topic metadata; this bounds how long a newly created
 *     {@code *.DLT} topic goes unnoticed by the pattern subscription (Kafka's own default is 5 minutes)
 * @param storeAttempts attempts to store one dead letter before it is logged and skipped
 * @param storeBackoff wait between those attempts; doubles each time
 * @param retry the automatic retry schedule and replay settings
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.deadletters")
public record DeadLetterSettings(
        @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration metadataMaxAge,
        @Min(1) @Max(20) int storeAttempts,
        @NotNull @DurationMin(millis = 10) Duration storeBackoff,
        @NotNull @Valid Retry retry) {

    /**
     * @param maxAttempts automatic retries of a retryable letter before it is parked
     * @param maxAttemptsPerTopic overrides of {@code maxAttempts} by original topic (YAML key {@code "[sync.records]"})
     * @param initialBackoff wait before the first automatic retry
     * @param multiplier growth of the wait per retry
     * @param maxBackoff the longest wait
     * @param jitter random spread of each wait, as a fraction (0.2 = ±20 %), so letters of one outage do not all
     *     retry in the same instant
     * @param pollInterval how often this replica looks for due retries
     * @param lease how long a claim lasts; a replica that dies while republishing frees its letters after this
     * @param batchSize letters claimed per poll and per bulk-replay chunk (at most 500, Firestore's write limit)
     */
    public record Retry(
            @Min(0) @Max(100) int maxAttempts,
            Map<String, Integer> maxAttemptsPerTopic,
            @NotNull @DurationMin(millis = 10) Duration initialBackoff,
            @DecimalMin("1.0") @DecimalMax("10.0") double multiplier,
            @NotNull @DurationMin(millis = 10) Duration maxBackoff,
            @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
            @NotNull @DurationMin(millis = 10) Duration pollInterval,
            @NotNull @DurationMin(millis = 100) Duration lease,
            @Min(1) @Max(500) int batchSize) {

        public Retry {
            maxAttemptsPerTopic = maxAttemptsPerTopic == null ? Map.of() : Map.copyOf(maxAttemptsPerTopic);
        }
    }
}
