package io.rostersync.core.runs;

import io.rostersync.core.events.PullMode;
import java.time.Instant;
import java.util.Map;

/**
 * One sync of one integration in one direction, as stored at {@code syncRuns/{runId}}.
 *
 * @param mode for pulls: full, incremental or targeted; null for pushes
 * @param error the reason a run failed, safe to show operators; null otherwise
 * @param triggerId what started it: the webhook id, the request's event id, or the schedule tick
 */
public record SyncRun(
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
        Instant heartbeatAt,
        String error,
        int attempt,
        String requestedBy,
        String triggerId) {

    public SyncRun {
        counts = counts == null ? RunCounts.ZERO : counts;
        entityCounts = entityCounts == null ? Map.of() : Map.copyOf(entityCounts);
        cursorBefore = cursorBefore == null ? Map.of() : Map.copyOf(cursorBefore);
        cursorAfter = cursorAfter == null ? Map.of() : Map.copyOf(cursorAfter);
    }

    /**
     * The correlation id of everything this run causes (commands, batches, conflicts, dead letters, log lines): its
     * trigger's id, which for a webhook run is the gateway's event id for that webhook, and the run id when a run has
     * no trigger id. See {@link io.rostersync.core.correlation.CorrelationId}.
     */
    public String correlationId() {
        return correlationIdOf(runId, triggerId);
    }

    /** {@link #correlationId()} from a stored run's two fields, for readers that do not map the whole run. */
    public static String correlationIdOf(String runId, String triggerId) {
        return triggerId != null && !triggerId.isBlank() ? triggerId : runId;
    }

    /** Run time in milliseconds, or null while it has not finished. */
    public Long durationMillis() {
        return startedAt == null || finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
