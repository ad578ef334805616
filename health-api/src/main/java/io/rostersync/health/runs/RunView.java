package io.rostersync.health.runs;

import io.rostersync.core.events.PullMode;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import java.time.Instant;
import java.util.Map;

/**
 * A sync run as the ops API shows it: the stored run without its heartbeat (an internal liveness detail) and
 * with its duration computed.
 *
 * @param durationMillis null while the run has not finished
 * @param correlationId the id on every event and log line of the run (see {@link SyncRun#correlationId()})
 */
public record RunView(
        String runId,
        String integrationId,
        RunType runType,
        Direction direction,
        PullMode mode,
        RunStatus status,
        RunCounts counts,
        Map<String, RunCounts> entityCounts,
        Map<String, String> cursorBefore,
        Map<String, String> cursorAfter,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Long durationMillis,
        String error,
        int attempt,
        String requestedBy,
        String triggerId,
        String correlationId) {

    public static RunView of(SyncRun run) {
        return new RunView(run.runId(), run.integrationId(), run.runType(), run.direction(), run.mode(), run.status(),
                run.counts(), run.entityCounts(), run.cursorBefore(), run.cursorAfter(), run.queuedAt(), run.startedAt(),
                run.finishedAt(), run.durationMillis(), run.error(), run.attempt(), run.requestedBy(), run.triggerId(),
                run.correlationId());
    }
}
