package io.rostersync.deadletters;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How dead letters are collected. Defaults live in {@code deadletter-service.yml}.
 *
 * @param metadataMaxAge how often the consumer refreshes topic metadata; this bounds how long a newly created
 *     {@code *.DLT} topic goes unnoticed by the pattern subscription (Kafka's own default is 5 minutes)
 * @param storeAttempts attempts to store one dead letter before it is logged and skipped
 * @param storeBackoff wait between those attempts; doubles each time
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.deadletters")
public record DeadLetterSettings(
        @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration metadataMaxAge,
        @Min(1) @Max(20) int storeAttempts,
        @NotNull @DurationMin(millis = 10) Duration storeBackoff) {
}
