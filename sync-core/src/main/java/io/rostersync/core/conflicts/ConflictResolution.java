package io.rostersync.core.conflicts;

import java.time.Instant;
import java.util.Map;

/**
 * A decision on one open conflict, as {@link SyncConflicts#resolve} stores it.
 *
 * @param strategy {@code keep-local}, {@code keep-remote} or {@code merge}
 * @param choices per conflicting field: {@code local}, {@code remote} or {@code edited}
 * @param resultingRecord the full attribute map the record must hold afterwards
 */
public record ConflictResolution(
        String strategy,
        Map<String, String> choices,
        Map<String, Object> resultingRecord,
        String resolvedBy,
        Instant resolvedAt) {

    public ConflictResolution {
        choices = choices == null ? Map.of() : Map.copyOf(choices);
        resultingRecord = io.rostersync.core.roster.Snapshots.copyOf(resultingRecord);
    }
}
