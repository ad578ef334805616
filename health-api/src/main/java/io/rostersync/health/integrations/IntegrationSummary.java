package io.rostersync.health.integrations;

import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.health.runs.RunView;

/**
 * An integration as operators see it. Connection details, credential references and webhook secret references
 * are left out on purpose: operators need health, not the way in.
 *
 * @param lastRun the newest run whatever its status; null when none ran yet
 */
public record IntegrationSummary(
        String integrationId,
        String name,
        ConnectorType connector,
        boolean enabled,
        String schedule,
        RunView lastRun,
        IntegrationStatus status,
        String statusReason) {

    static IntegrationSummary of(Integration integration, RunView lastRun, IntegrationHealth health) {
        return new IntegrationSummary(integration.integrationId(), integration.name(), integration.connector(),
                integration.enabled(), integration.schedule(), lastRun, health.status(), health.reason());
    }
}
