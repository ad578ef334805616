package io.rostersync.health.backlog;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param refresh how often open conflicts and pending dead letters are recounted per integration; an action taken
 *                through the dashboard recounts its integration at once
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.health.backlog")
public record BacklogSettings(@NotNull Duration refresh) {
}
