package io.rostersync.core.events;

import io.rostersync.core.roster.EntityType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A record changed both locally and in the SIS, field by field against the base snapshot.
 *
 * @param conflictId deterministic: the same divergence (record and remote version) always has the same id
 * @param fields the fields that changed on both sides to different values
 */
public record ConflictDetected(
        String conflictId,
        String integrationId,
        EntityType entityType,
        String recordId,
        String runId,
        Map<String, Object> base,
        Map<String, Object> local,
        Map<String, Object> remote,
        List<String> fields,
        Instant detectedAt) implements RosterEvent {

    public ConflictDetected {
        base = io.rostersync.core.roster.Snapshots.copyOf(base);
        local = io.rostersync.core.roster.Snapshots.copyOf(local);
        remote = io.rostersync.core.roster.Snapshots.copyOf(remote);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
