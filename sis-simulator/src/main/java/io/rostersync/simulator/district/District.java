package io.rostersync.simulator.district;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The records of one generated district, kept in memory.
 * <p>
 * Each type is a sorted concurrent map so that readers iterate in sourcedId order (the stable default order
 * OneRoster paging relies on) while admin writes go on; iteration is weakly consistent, never failing.
 * <p>
 * Every stored record carries a district-wide <em>change version</em> (as Ed-Fi's ODS/API keeps one per
 * database): generation numbers records 1..n, and every later write takes the next number.
 */
public final class District {

    /**
     * A change of a record's natural key (Ed-Fi {@code /keyChanges}).
     *
     * @param oldKey the key value before, {@code newKey} after
     */
    public record KeyChange(EntityType type, String sourcedId, long changeVersion, String oldKey, String newKey) {
    }

    private final DistrictSize size;
    private final Instant generatedAt;
    private final Map<EntityType, ConcurrentSkipListMap<String, RosterRecord>> records = new EnumMap<>(EntityType.class);
    private final AtomicLong changeVersion = new AtomicLong();
    // Published only after the record is in its map, so a reader that sees version n also finds record n.
    private volatile long published;
    private final List<KeyChange> keyChanges = new CopyOnWriteArrayList<>();

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

    /** Records of a type whose sourcedId sorts strictly after {@code sourcedId} (keyset paging), in order. */
    public Stream<RosterRecord> after(EntityType type, String sourcedId) {
        return (sourcedId == null ? records.get(type) : records.get(type).tailMap(sourcedId, false)).values().stream();
    }

    /** All records of a type in descending sourcedId order. */
    public Stream<RosterRecord> allDescending(EntityType type) {
        return records.get(type).descendingMap().values().stream();
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

    /** The change version of the latest write (0 for an empty district). */
    public long newestChangeVersion() {
        return published;
    }

    /** Key changes in change-version order. */
    public List<KeyChange> keyChanges() {
        return List.copyOf(keyChanges);
    }

    /** Stores a record under the next change version and returns what was stored. */
    synchronized RosterRecord put(RosterRecord record) {
        RosterRecord stored = record.withMeta(record.meta().versioned(changeVersion.incrementAndGet()));
        records.get(stored.type()).put(stored.sourcedId(), stored);
        published = stored.meta().changeVersion();
        return stored;
    }

    /** Stores a re-keyed record and logs the key change under the same change version. */
    synchronized RosterRecord putRekeyed(RosterRecord record, String oldKey, String newKey) {
        RosterRecord stored = put(record);
        keyChanges.add(new KeyChange(stored.type(), stored.sourcedId(), stored.meta().changeVersion(), oldKey, newKey));
        return stored;
    }
}
