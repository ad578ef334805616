package io.rostersync.core.conflicts;

import io.rostersync.core.roster.EntityType;
import java.time.Instant;

/**
 * Filters on the conflict list; each null means "any".
 *
 * @param detectedBefore only conflicts detected strictly before this instant
 */
public record ConflictQuery(
        String integrationId,
        EntityType entityType,
        String status,
        String resolvedBy,
        Instant detectedBefore) {

    public static ConflictQuery open(String integrationId, EntityType entityType, Instant detectedBefore) {
        return new ConflictQuery(integrationId, entityType, SyncConflict.OPEN, null, detectedBefore);
    }
}
