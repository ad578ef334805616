package io.rostersync.simulator.district;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The records of one generated district, kept in memory.
 * <p>
 * Each type is a sorted concurrent map so that readers iterate in sourcedId order (the stable default order
 * OneRoster paging relies on) while admin writes go on; iteration is weakly consistent, never failing.
 */
public final class District {

    private final DistrictSize size;
    private final Instant generatedAt;
    private final Map<EntityType, ConcurrentSkipListMap<String, RosterRecord>> records = new EnumMap<>(EntityType.class);

    District(DistrictSize size, Instant generatedAt) {
        this.size = size;
        this.generatedAt = generatedAt;
        for (EntityType type : EntityType.values()) {
            records.put(type, new ConcurrentSkipListMap<>());
        }
    }

    public DistrictSize size() {
        return size;
    }

    public Instant generatedAt() {
        return generatedAt;
    }

    /** All records of a type in sourcedId order, including those marked to be deleted. */
    public Stream<RosterRecord> all(EntityType type) {
        return records.get(type).values().stream();
    }

    public <T extends RosterRecord> Stream<T> all(EntityType type, Class<T> recordClass) {
        return all(type).map(recordClass::cast);
    }

    public Optional<RosterRecord> find(EntityType type, String sourcedId) {
        return Optional.ofNullable(records.get(type).get(sourcedId));
    }

    public <T extends RosterRecord> Optional<T> find(EntityType type, String sourcedId, Class<T> recordClass) {
        return find(type, sourcedId).filter(recordClass::isInstance).map(recordClass::cast);
    }

    public long count(EntityType type) {
        return records.get(type).size();
    }

    void put(RosterRecord record) {
        records.get(record.type()).put(record.sourcedId(), record);
    }
}
