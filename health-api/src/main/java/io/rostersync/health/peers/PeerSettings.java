package io.rostersync.health.peers;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The services whose actions the dashboard reaches through the health API, so the browser talks to one origin.
 *
 * @param orchestratorUrl sync-orchestrator (Integration Hub), e.g. {@code http://sync-orchestrator:8082}
 * @param conflictsUrl conflict-service (list, diff, resolve)
 * @param deadlettersUrl deadletter-service (list, payload, retry)
 * @param timeout how long a relayed call may take before the dashboard gets a 504
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.health.peers")
public record PeerSettings(@NotBlank String orchestratorUrl, @NotBlank String conflictsUrl, @NotBlank String deadlettersUrl,
                           @NotNull Duration timeout) {
}
