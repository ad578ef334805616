package io.rostersync.core.testsupport;

import io.rostersync.core.connector.BatchSink;
import io.rostersync.core.connector.RejectedRecord;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Keeps every batch and every rejected record a pull hands over, for assertions. */
public final class RecordingSink implements BatchSink {

    public record Batch(EntityType entityType, List<RosterRecord> records, List<String> deletes, int failed) {
    }

    public final List<Batch> batches = new ArrayList<>();
    public final List<RejectedRecord> rejected = new ArrayList<>();

    @Override
    public void accept(EntityType entityType, List<RosterRecord> records, List<String> deletes, int failedRecords) {
        batches.add(new Batch(entityType, List.copyOf(records), List.copyOf(deletes), failedRecords));
    }

    @Override
    public void reject(RejectedRecord record) {
        rejected.add(record);
    }

    public List<RosterRecord> records(EntityType type) {
        return batches.stream().filter(b -> b.entityType() == type).flatMap(b -> b.records().stream()).toList();
    }

    public List<String> ids(EntityType type) {
        return records(type).stream().map(RosterRecord::sourcedId).toList();
    }

    public List<String> deletes(EntityType type) {
        return batches.stream().filter(b -> b.entityType() == type).flatMap(b -> b.deletes().stream()).toList();
    }

    /** @throws java.util.NoSuchElementException when no batch carried the record */
    public RosterRecord record(EntityType type, String sourcedId) {
        return records(type).stream().filter(r -> r.sourcedId().equals(sourcedId)).findFirst().orElseThrow();
    }

    public Map<String, Long> countsByCollection() {
        return batches.stream().collect(Collectors.groupingBy(b -> b.entityType().collection(),
                Collectors.summingLong(b -> b.records().size())));
    }

    /** Sum of the batches' failed records. */
    public long failed() {
        return batches.stream().mapToLong(Batch::failed).sum();
    }
}
