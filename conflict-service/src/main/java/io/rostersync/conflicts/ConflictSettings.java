package io.rostersync.conflicts;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the conflict service resolves and reports. Defaults live in {@code conflict-service.yml}.
 *
 * @param bulkLimit the most conflicts one bulk resolution resolves; the answer says whether more remain
 * @param republishInterval how often resolutions whose event did not reach Kafka are published again
 * @param metricsRefresh how often the open-conflict gauges are recounted
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.conflicts")
public record ConflictSettings(
        @Min(1) @Max(100_000) int bulkLimit,
        @NotNull @DurationMin(millis = 100) Duration republishInterval,
        @NotNull @DurationMin(millis = 100) Duration metricsRefresh) {
}
