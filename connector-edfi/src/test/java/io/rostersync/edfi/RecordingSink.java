package io.rostersync.edfi;

import io.rostersync.core.connector.BatchSink;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import java.util.ArrayList;
import java.util.List;

/** Keeps every batch a pull hands over, for assertions. */
final class RecordingSink implements BatchSink {

    record Batch(EntityType entityType, List<RosterRecord> records, List<String> deletes, int failed) {
    }

    final List<Batch> batches = new ArrayList<>();

    @Override
    public void accept(EntityType entityType, List<RosterRecord> records, List<String> deletes, int failedRecords) {
        batches.add(new Batch(entityType, List.copyOf(records), List.copyOf(deletes), failedRecords));
    }

    List<RosterRecord> records(EntityType type) {
        return batches.stream().filter(b -> b.entityType() == type).flatMap(b -> b.records().stream()).toList();
    }

    List<String> ids(EntityType type) {
        return records(type).stream().map(RosterRecord::sourcedId).toList();
    }

    List<String> deletes(EntityType type) {
        return batches.stream().filter(b -> b.entityType() == type).flatMap(b -> b.deletes().stream()).toList();
    }

    RosterRecord record(EntityType type, String sourcedId) {
        return records(type).stream().filter(r -> r.sourcedId().equals(sourcedId)).findFirst().orElseThrow();
    }
}
