package io.rostersync.health.integrations;

import io.rostersync.core.integrations.Integration;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.health.aggregates.RunOutcome;
import java.util.List;
import java.util.Optional;

/**
 * Decides an integration's status. A queued, running, held, cancelled or skipped run says nothing about whether the
 * SIS connection works, so the status comes from the newest run that finished on its own.
 *
 * @param status the colour
 * @param reason one sentence for operators; never contains secrets (run errors are written to be shown)
 */
public record IntegrationHealth(IntegrationStatus status, String reason) {

    /**
     * From the integration's newest runs.
     *
     * @param newestRuns the integration's newest runs, newest first; may be empty
     */
    static IntegrationHealth of(Integration integration, List<SyncRun> newestRuns) {
        Optional<SyncRun> finished = newestRuns.stream()
                .filter(run -> RunOutcome.DECISIVE.contains(run.status()))
                .findFirst();
        return decide(integration, finished.map(r -> r.status()).orElse(null),
                finished.map(r -> r.counts().failed()).orElse(0L), finished.map(SyncRun::error).orElse(null),
                !newestRuns.isEmpty());
    }

    /**
     * From an aggregate.
     *
     * @param lastDecisive the newest run that finished on its own; null if none did
     * @param anyRun whether the integration has run at all (queued, running or cancelled runs count)
     */
    public static IntegrationHealth of(Integration integration, RunOutcome lastDecisive, boolean anyRun) {
        return lastDecisive == null
                ? decide(integration, null, 0, null, anyRun)
                : decide(integration, lastDecisive.status(), lastDecisive.failedRecords(), lastDecisive.error(), true);
    }

    private static IntegrationHealth decide(Integration integration, RunStatus finished, long failedRecords, String error,
                                            boolean anyRun) {
        if (!integration.enabled()) {
            return new IntegrationHealth(IntegrationStatus.DISABLED, "the integration is disabled");
        }
        if (finished == null) {
            return new IntegrationHealth(IntegrationStatus.UNKNOWN, anyRun ? "no sync has finished yet" : "no sync has run yet");
        }
        return switch (finished) {
            case SUCCEEDED -> new IntegrationHealth(IntegrationStatus.HEALTHY, "the last sync succeeded");
            case PARTIAL -> new IntegrationHealth(IntegrationStatus.DEGRADED,
                    "the last sync finished with " + failedRecords + " failed record(s)");
            case FAILED -> new IntegrationHealth(IntegrationStatus.FAILING,
                    "the last sync failed" + (error == null ? "" : ": " + error));
            // Callers pass only runs that finished on their own; kept so a new status fails compilation here.
            case QUEUED, RUNNING, ON_HOLD, CANCELLED, SKIPPED -> new IntegrationHealth(IntegrationStatus.UNKNOWN, "no sync has finished yet");
        };
    }
}
