package io.rostersync.health.integrations;

import io.rostersync.core.integrations.Integration;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import java.util.List;
import java.util.Optional;

/**
 * Decides an integration's status from its newest runs. A queued, running or cancelled run says nothing about
 * whether the SIS connection works, so the status comes from the newest run that finished on its own.
 *
 * @param status the colour
 * @param reason one sentence for operators; never contains secrets (run errors are written to be shown)
 */
record IntegrationHealth(IntegrationStatus status, String reason) {

    /**
     * @param newestRuns the integration's newest runs, newest first; may be empty
     */
    static IntegrationHealth of(Integration integration, List<SyncRun> newestRuns) {
        if (!integration.enabled()) {
            return new IntegrationHealth(IntegrationStatus.DISABLED, "the integration is disabled");
        }
        Optional<SyncRun> finished = newestRuns.stream()
                .filter(run -> !run.status().active() && run.status() != RunStatus.CANCELLED
                        && run.status() != RunStatus.ON_HOLD && run.status() != RunStatus.SKIPPED)
                .findFirst();
        if (finished.isEmpty()) {
            return new IntegrationHealth(IntegrationStatus.UNKNOWN, newestRuns.isEmpty()
                    ? "no sync has run yet"
                    : "no sync has finished yet");
        }
        SyncRun run = finished.get();
        return switch (run.status()) {
            case SUCCEEDED -> new IntegrationHealth(IntegrationStatus.HEALTHY, "the last sync succeeded");
            case PARTIAL -> new IntegrationHealth(IntegrationStatus.DEGRADED,
                    "the last sync finished with " + run.counts().failed() + " failed record(s)");
            case FAILED -> new IntegrationHealth(IntegrationStatus.FAILING,
                    "the last sync failed" + (run.error() == null ? "" : ": " + run.error()));
            // Unreachable: filtered above; kept so a new status fails compilation here instead of showing nonsense.
            case QUEUED, RUNNING, CANCELLED, ON_HOLD, SKIPPED -> new IntegrationHealth(IntegrationStatus.UNKNOWN, "no sync has finished yet");
        };
    }
}
