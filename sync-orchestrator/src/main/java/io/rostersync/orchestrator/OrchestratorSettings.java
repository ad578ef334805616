package io.rostersync.orchestrator;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param heartbeatTimeout a running run that shows no progress for this long is failed
 * @param watchdogInterval how often stalled runs are looked for
 * @param targetedMaxIds the most ids a webhook may name and still get a targeted pull
 * @param scheduleCheckInterval how often each replica looks for due cron ticks
 * @param maxAttempts how many times a run that stalls is tried in all
 * @param connectorUrls base URL of each connector service's HTTP API by connector type ({@code oneroster}, {@code edfi}),
 *     used for connection tests
 * @param connectorTokenRef reference to the bearer token (operator role) the orchestrator presents to connectors
 * @param webhookRunInterval webhook-triggered runs of one integration start at most this often; notices in between
 *     coalesce into one queued run
 * @param queuedRunCheckInterval how often held queued runs are looked at
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.orchestrator")
public record OrchestratorSettings(@NotNull Duration heartbeatTimeout, @NotNull Duration watchdogInterval, @Min(1) int targetedMaxIds,
                                   @NotNull Duration scheduleCheckInterval,
                                   @Min(1) int maxAttempts,
                                   java.util.Map<String, String> connectorUrls,
                                   String connectorTokenRef,
                                   @NotNull Duration webhookRunInterval,
                                   @NotNull Duration queuedRunCheckInterval) {

    public OrchestratorSettings {
        connectorUrls = connectorUrls == null ? java.util.Map.of() : java.util.Map.copyOf(connectorUrls);
    }
}
