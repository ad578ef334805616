package io.rostersync.simulator.changestream;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the live change stream. Defaults live in {@code sis-simulator.yml}.
 *
 * @param maxRatePerSecond highest accepted {@code ratePerSecond}
 * @param maxDuration      longest accepted {@code seconds}: a forgotten stream stops by itself
 * @param tick             how often the stream applies the changes due so far (smooths the rate)
 */
@Validated
@ConfigurationProperties(prefix = "simulator.change-stream")
public record ChangeStreamSettings(@Min(1) @Max(100_000) int maxRatePerSecond, @NotNull Duration maxDuration,
        @NotNull Duration tick) {
}
