package io.rostersync.core.events;

import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import java.util.List;

/**
 * One page of normalized records of one entity type.
 *
 * @param seq the batch's number within the run, from 1; the idempotency key of the apply
 * @param deletes sourcedIds the SIS reports deleted without a full record (Ed-Fi {@code /deletes})
 * @param failedRecords records the connector could not normalize (already sent to the DLT with the reason)
 */
public record RecordBatch(
        String runId,
        String integrationId,
        long seq,
        EntityType entityType,
        List<RosterRecord> records,
        List<String> deletes,
        int failedRecords) implements SyncRecordsMessage {

    public RecordBatch {
        records = records == null ? List.of() : List.copyOf(records);
        deletes = deletes == null ? List.of() : List.copyOf(deletes);
    }
}
