package io.rostersync.health.stream;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param heartbeat how often an idle stream sends a comment, so proxies and load balancers keep it open and a dead
 *                  connection is noticed
 * @param buffer events kept for a slow subscriber before its oldest are dropped (it reloads on reconnect anyway)
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.health.stream")
public record StreamSettings(@NotNull Duration heartbeat, @Min(1) @Max(10_000) int buffer) {
}
