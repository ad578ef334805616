package io.rostersync.core.connector;

import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import java.util.List;

/** Receives a pull's pages in order; each call becomes one {@code RecordBatch} once the broker has it. */
@FunctionalInterface
public interface BatchSink {

    /**
     * @param failedRecords records of this page that could not be normalized (already handed to {@link #reject})
     */
    void accept(EntityType entityType, List<RosterRecord> records, List<String> deletes, int failedRecords);

    /**
     * Dead-letters a record that could not be normalized, with the reason; call it before {@link #accept} of the page
     * that counts the record. The {@link ConnectorRuntime}'s sink publishes it to {@code sync.records.DLT}.
     *
     * @throws UnsupportedOperationException from sinks that cannot keep rejected records (the default), so that none
     *     is dropped silently
     */
    default void reject(RejectedRecord record) {
        throw new UnsupportedOperationException("this sink cannot dead-letter rejected records (" + record + ")");
    }
}
