package io.rostersync.simulator.district;

/**
 * Published (as a Spring application event, synchronously, after the write) for every record a write touched.
 *
 * @param type       the record's type
 * @param sourcedId  its id
 * @param changeKind {@code created}, {@code updated} or {@code deleted} (a soft delete)
 */
public record RecordChanged(EntityType type, String sourcedId, String changeKind) {
}
