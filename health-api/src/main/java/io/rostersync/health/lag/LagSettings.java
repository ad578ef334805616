package io.rostersync.health.lag;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param refresh how often consumer lag is measured (the dashboard and the gauge show the last measurement)
 * @param timeout how long one measurement may take before it is given up and reported as failed
 * @param groups a regular expression of the consumer groups to report (e.g. the services' groups, leaving out
 *               ad-hoc tools' groups)
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.health.consumer-lag")
public record LagSettings(@NotNull Duration refresh, @NotNull Duration timeout, @NotBlank String groups) {
}
