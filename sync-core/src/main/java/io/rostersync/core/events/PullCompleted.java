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
 */
public record PullCompleted(
        String runId,
        String integrationId,
        long batchCount,
        Map<EntityType, String> cursorAfter,
        List<EntityType> completeSnapshots) implements SyncRecordsMessage {

    public PullCompleted {
        cursorAfter = cursorAfter == null ? Map.of() : Map.copyOf(cursorAfter);
        completeSnapshots = completeSnapshots == null ? List.of() : List.copyOf(completeSnapshots);
    }
}
