package io.rostersync.core.events;

import io.rostersync.core.roster.EntityType;
import java.util.List;
import java.util.Map;

/**
 * The last message of a successful pull.
 *
 * @param batchCount how many {@link RecordBatch}es the run sent; the orchestrator completes the run only
 *     when it has applied that many
 * @param cursorAfter the cursor per entity type to store once every batch is applied
 * @param completeSnapshots entity types the pull read in full, so records it did not return are gone
 * @param failedRecords records the pull could not normalize, summed over its batches' {@code failedRecords}; each
 *     is on {@code sync.records.DLT} with the reason. Added within v1: absent in older messages, read as 0
 * @param failedEntityTypes entity types the pull could not read, each with a reason safe to show operators; the
 *     pull went on with the others. Such a type has no {@code cursorAfter} and is not in {@code completeSnapshots}:
 *     its cursor stays while the other types' move, and a retry reads only it. Added within v1: absent reads as none
 */

public record PullCompleted(
        String runId,
        String integrationId,
        long batchCount,
        Map<EntityType, String> cursorAfter,
        List<EntityType> completeSnapshots,
        long failedRecords,
        Map<EntityType, String> failedEntityTypes) implements SyncRecordsMessage {

    public PullCompleted {
        cursorAfter = cursorAfter == null ? Map.of() : Map.copyOf(cursorAfter);
        completeSnapshots = completeSnapshots == null ? List.of() : List.copyOf(completeSnapshots);
        failedEntityTypes = failedEntityTypes == null ? Map.of() : Map.copyOf(failedEntityTypes);
    }

    /** A pull in which every entity type was read (the shape before {@code failedEntityTypes} was added). */
    public PullCompleted(String runId, String integrationId, long batchCount, Map<EntityType, String> cursorAfter,
                         List<EntityType> completeSnapshots, long failedRecords) {
        this(runId, integrationId, batchCount, cursorAfter, completeSnapshots, failedRecords, Map.of());
    }

    /** A pull without failed records (the shape before {@code failedRecords} was added). */
    public PullCompleted(String runId, String integrationId, long batchCount, Map<EntityType, String> cursorAfter,
                         List<EntityType> completeSnapshots) {
        this(runId, integrationId, batchCount, cursorAfter, completeSnapshots, 0);
    }
}
