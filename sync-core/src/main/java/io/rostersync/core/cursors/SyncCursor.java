package io.rostersync.core.cursors;

import io.rostersync.core.roster.EntityType;
import java.time.Instant;

/** Where the next incremental pull of one entity type starts, at {@code syncCursors/{integrationId}_{entityType}}. */
public record SyncCursor(String integrationId, EntityType entityType, String cursor, Instant lastSyncAt, String lastRunId) {

    public static String documentId(String integrationId, EntityType entityType) {
        return integrationId + "_" + entityType.collection();
    }
}
