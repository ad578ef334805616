package io.rostersync.simulator.district;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The records of one generated district, kept in memory.
 * <p>
 * Each type is a sorted concurrent map so that readers iterate in sourcedId order while writes go on; iteration is
 * weakly consistent, never failing. Records are never removed (deletes are soft), so a record keeps its place.
 * <p>
 * Besides sourcedId order there is <em>arrival order</em> ({@link #inArrivalOrder}): the generated records in
 * sourcedId order, then every record created later in the order it was created. A record therefore never moves in
 * arrival order, whatever is created or changed around it: offset paging over it cannot repeat or skip a record.
 * <p>
 * Every stored record carries a district-wide <em>change version</em> (as Ed-Fi's ODS/API keeps one per
 * database): generation numbers records 1..n, and every later write takes the next number.
 */
public final class District {

    /**
     * A change of an item's natural key in a view of the district (Ed-Fi {@code /keyChanges}).
     *
     * @param view          the view's name for the kind of item, e.g. the Ed-Fi resource {@code students}
     * @param key           the item's stable key in that view (its id does not change with its natural key)
     * @param changeVersion the change version of the write that changed it (filled in when it is stored)
     * @param oldKeyValues  natural key values before (String or Number values), {@code newKeyValues} after
     */
    public record KeyChange(String view, String key, long changeVersion, Map<String, Object> oldKeyValues,
            Map<String, Object> newKeyValues) {

        public KeyChange {
            oldKeyValues = Map.copyOf(oldKeyValues);
            newKeyValues = Map.copyOf(newKeyValues);
        }

        KeyChange at(long version) {
            return new KeyChange(view, key, version, oldKeyValues, newKeyValues);
        }
    }

    private final DistrictSize size;
    private final Instant generatedAt;
    private final Map<EntityType, ConcurrentSkipListMap<String, RosterRecord>> records =
            new EnumMap<>(EntityType.class);
    /** Per type: change version at creation → sourcedId of the records created after generation. */
    private final Map<EntityType, ConcurrentSkipListMap<Long, String>> late = new EnumMap<>(EntityType.class);
    private final Map<EntityType, Set<String>> lateIds = new EnumMap<>(EntityType.class);
    private final AtomicLong changeVersion = new AtomicLong();
    // Published only after the record is in its map, so a reader that sees version n also finds record n.
    private volatile long published;
    private volatile long oldestChangeVersion;
    private volatile boolean generated;
    private final List<KeyChange> keyChanges = new CopyOnWriteArrayList<>();

    District(DistrictSize size, Instant generatedAt) {
        this.size = size;
        this.generatedAt = generatedAt;
        for (EntityType type : EntityType.values()) {
            records.put(type, new ConcurrentSkipListMap<>());
            late.put(type, new ConcurrentSkipListMap<>());
            lateIds.put(type, ConcurrentHashMap.newKeySet());
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

    /**
     * All records of a type in arrival order: generated ones by sourcedId, then later ones as they were created.
     * The same records as {@link #all(EntityType)}.
     */
    public Stream<RosterRecord> inArrivalOrder(EntityType type) {
        Map<String, RosterRecord> byId = records.get(type);
        Set<String> lateOnes = lateIds.get(type);
        Stream<RosterRecord> generatedOnes = lateOnes.isEmpty() ? byId.values().stream()
                : byId.values().stream().filter(r -> !lateOnes.contains(r.sourcedId()));
        // A late record is indexed before it becomes visible (see put), so it is never met in both parts.
        Stream<RosterRecord> lateRecords = late.get(type).values().stream().map(byId::get).filter(Objects::nonNull);
        return Stream.concat(generatedOnes, lateRecords);
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

    /**
     * The oldest change version whose changes the SIS still serves (Ed-Fi {@code oldestChangeVersion}); 0 until
     * {@link #retainChangesFrom} moves it, as a real ODS does when it purges its change tracking.
     */
    public long oldestChangeVersion() {
        return oldestChangeVersion;
    }

    /** Forgets the changes before {@code version}: a client whose cursor is older can no longer catch up by changes. */
    public void retainChangesFrom(long version) {
        if (version < 0 || version > published + 1) {
            throw new IllegalArgumentException("oldestChangeVersion must be between 0 and " + (published + 1) + " (the newest + 1)");
        }
        oldestChangeVersion = version;
    }

    /** Key changes in change-version order. */
    public List<KeyChange> keyChanges() {
        return List.copyOf(keyChanges);
    }

    /** Ends generation: records created from now on go to the end of the arrival order. */
    void generated() {
        generated = true;
    }

    /** Stores a record under the next change version and returns what was stored. */
    RosterRecord put(RosterRecord record) {
        return put(record, null);
    }

    /**
     * Stores a record under the next change version; a key change, if given, is logged under the same version
     * before the version is published, so a change-query window never sees one without the other.
     */
    synchronized RosterRecord put(RosterRecord record, KeyChange keyChange) {
        long version = changeVersion.incrementAndGet();
        RosterRecord stored = record.withMeta(record.meta().versioned(version));
        Map<String, RosterRecord> byId = records.get(stored.type());
        if (generated && !byId.containsKey(stored.sourcedId())) {
            lateIds.get(stored.type()).add(stored.sourcedId());
            late.get(stored.type()).put(version, stored.sourcedId());
        }
        byId.put(stored.sourcedId(), stored);
        if (keyChange != null) {
            keyChanges.add(keyChange.at(version));
        }
        published = version;
        return stored;
    }
}
