package io.rostersync.health.aggregates;

import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What one run that reached a final status adds to its integration's aggregate. The same record is stored as the
 * run's marker, so a run counted again with another outcome (a failed run reopened by a replay, then succeeded) can
 * be taken back out before the new outcome goes in.
 *
 * @param durationMillis null when the run never started (cancelled while queued)
 * @param applied records created, updated or deleted
 * @param failedRecords records the run could not apply
 * @param error the run's reason, safe to show operators; null when none
 */
public record RunOutcome(
        String runId,
        String integrationId,
        RunStatus status,
        RunType runType,
        Instant finishedAt,
        Long durationMillis,
        long fetched,
        long applied,
        long failedRecords,
        String error) {

    /** Statuses a run does not leave by itself (a failed run may still be reopened by a replay, and is counted again). */
    public static final Set<RunStatus> FINAL = EnumSet.of(RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED,
            RunStatus.CANCELLED, RunStatus.SKIPPED);
    /** Final statuses that say whether the integration works. */
    public static final Set<RunStatus> DECISIVE = EnumSet.of(RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED);

    public RunOutcome {
        // Firestore keeps microseconds: truncating here makes an outcome equal to its stored marker.
        finishedAt = finishedAt == null ? null : finishedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** The run's outcome when it has reached a final status; empty while it is queued, running or on hold. */
    public static Optional<RunOutcome> of(SyncRun run) {
        if (!FINAL.contains(run.status()) || run.finishedAt() == null || run.integrationId() == null) {
            return Optional.empty();
        }
        Long duration = run.durationMillis();
        return Optional.of(new RunOutcome(run.runId(), run.integrationId(), run.status(), run.runType(), run.finishedAt(),
                duration == null ? null : Math.max(0, duration), run.counts().fetched(),
                run.counts().created() + run.counts().updated() + run.counts().deleted(), run.counts().failed(), run.error()));
    }

    /** Whether the run ended on its own: cancelled and skipped runs say nothing about the SIS connection. */
    public boolean decisive() {
        return DECISIVE.contains(status);
    }
}
