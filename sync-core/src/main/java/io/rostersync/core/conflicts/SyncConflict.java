package io.rostersync.core.conflicts;

import io.rostersync.core.roster.EntityType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An open or resolved divergence, at {@code syncConflicts/{conflictId}}. */
public record SyncConflict(
        String conflictId,
        String integrationId,
        EntityType entityType,
        String recordId,
        String runId,
        String status,
        Map<String, Object> baseSnapshot,
        Map<String, Object> localSnapshot,
        Map<String, Object> remoteSnapshot,
        List<String> fields,
        String resolution,
        String resolvedBy,
        Instant detectedAt,
        Instant resolvedAt) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";
}
