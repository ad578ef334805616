package io.rostersync.core.connector;

import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import java.util.List;

/** Receives a pull's pages in order; each call becomes one {@code RecordBatch} once the broker has it. */
@FunctionalInterface
public interface BatchSink {

    /**
     * @param failedRecords records of this page that could not be normalized (already dead-lettered by the connector)
     */
    void accept(EntityType entityType, List<RosterRecord> records, List<String> deletes, int failedRecords);
}
