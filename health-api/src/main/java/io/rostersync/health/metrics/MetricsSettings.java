package io.rostersync.health.metrics;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param refresh how often the run gauges are read from the aggregates (a scrape never waits for Firestore) */
@Validated
@ConfigurationProperties(prefix = "rostersync.health.metrics")
public record MetricsSettings(@NotNull Duration refresh) {
}
