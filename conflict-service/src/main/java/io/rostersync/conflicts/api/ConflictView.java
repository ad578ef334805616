package io.rostersync.conflicts.api;

import io.rostersync.conflicts.resolution.FieldDiff;
import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.roster.EntityType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A conflict as the API shows it: its snapshots, a field-level diff and the version a resolution must name. */
record ConflictView(
        String conflictId,
        String integrationId,
        EntityType entityType,
        String recordId,
        String runId,
        String status,
        String version,
        Map<String, Object> baseSnapshot,
        Map<String, Object> localSnapshot,
        Map<String, Object> remoteSnapshot,
        List<String> fields,
        List<FieldDiff> diff,
        String resolution,
        String resolvedBy,
        Instant detectedAt,
        Instant resolvedAt,
        String supersededBy,
        Map<String, Object> resultingRecord,
        boolean published) {

    static ConflictView of(SyncConflict c) {
        return new ConflictView(c.conflictId(), c.integrationId(), c.entityType(), c.recordId(), c.runId(), c.status(),
                c.version(), c.baseSnapshot(), c.localSnapshot(), c.remoteSnapshot(), c.fields(), FieldDiff.of(c),
                c.resolution(), c.resolvedBy(), c.detectedAt(), c.resolvedAt(), c.supersededBy(), c.resultingRecord(),
                c.published());
    }
}
