package io.rostersync.core.events;

import io.rostersync.core.roster.EntityType;
import java.time.Instant;
import java.util.Map;

/**
 * An operator's or a policy's decision on a conflict.
 *
 * @param strategy {@code keep-local}, {@code keep-remote}, {@code merge} or a policy name
 * @param resultingRecord the attributes the record must hold after the resolution
 */
public record ConflictResolved(
        String conflictId,
        String integrationId,
        EntityType entityType,
        String recordId,
        String strategy,
        Map<String, Object> resultingRecord,
        String resolvedBy,
        Instant resolvedAt) implements RosterEvent {

    public ConflictResolved {
        resultingRecord = io.rostersync.core.roster.Snapshots.copyOf(resultingRecord);
    }
}
