package io.rostersync.health.overview;

import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.health.aggregates.RunOutcome;
import io.rostersync.health.runs.RunView;
import java.time.Instant;

/**
 * A run as one line of the overview.
 *
 * @param at when it finished, or for an active run when it was queued
 */
public record RunSummary(String runId, RunType runType, RunStatus status, Instant at, Long durationMillis, String error) {

    static RunSummary of(RunOutcome outcome) {
        return new RunSummary(outcome.runId(), outcome.runType(), outcome.status(), outcome.finishedAt(),
                outcome.durationMillis(), outcome.error());
    }

    static RunSummary of(RunView run) {
        return new RunSummary(run.runId(), run.runType(), run.status(), run.queuedAt(), run.durationMillis(), run.error());
    }
}
