package io.rostersync.simulator.district;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.rostersync.simulator.SimulatorSettings;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.district.RosterRecord.Section;

/**
 * Holds the current district and is the only writer of it. Every write stamps the record with a modification
 * instant that is strictly later than any earlier write, so {@code dateLastModified>'last seen'} never misses one.
 */
@Component
public class Districts {

    private static final Logger log = LoggerFactory.getLogger(Districts.class);

    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AtomicReference<District> current = new AtomicReference<>();
    private final AtomicLong lastWriteMillis = new AtomicLong();
    private final AtomicLong changeBatches = new AtomicLong();

    public Districts(SimulatorSettings settings, Clock clock, ApplicationEventPublisher events) {
        this.clock = clock;
        this.events = events;
        regenerate(settings.district());
    }

    public District current() {
        return current.get();
    }

    /** Replaces the whole district with a freshly generated one. */
    public District regenerate(DistrictSize size) {
        long started = System.nanoTime();
        District district = DistrictGenerator.generate(size, clock.instant());
        current.set(district);
        changeBatches.set(0);
        log.info("Generated district seed={} schools={} students={} in {} ms", size.seed(), size.schools(),
                size.students(), (System.nanoTime() - started) / 1_000_000);
        return district;
    }

    /** Creates or replaces a record, stamping it as modified now. Returns the stored record. */
    public RosterRecord upsert(RosterRecord record) {
        District district = current();
        boolean exists = district.find(record.type(), record.sourcedId()).isPresent();
        RosterRecord stored = district.put(record.withMeta(record.meta().touched(nextWriteInstant())));
        events.publishEvent(new RecordChanged(stored.type(), stored.sourcedId(), exists ? "updated" : "created"));
        return stored;
    }

    /** Marks a record {@code tobedeleted} (soft delete); empty if there is no such record. */
    public Optional<RosterRecord> softDelete(EntityType type, String sourcedId) {
        District district = current();
        return district.find(type, sourcedId).map(found -> {
            RosterRecord deleted = district.put(found.withMeta(found.meta().deleted(nextWriteInstant())));
            events.publishEvent(new RecordChanged(type, sourcedId, "deleted"));
            return deleted;
        });
    }

    /**
     * Modifies {@code count} distinct records of a type, chosen at random but reproducibly: the n-th call after a
     * (re)generation with the same seed picks the same records. Users get a new phone number, classes a new room;
     * every record gets a {@code simulator.revision} metadata value and a new modification instant.
     *
     * @return the ids of the modified records, in sourcedId order
     */
    public List<String> applyRandomChanges(EntityType type, int count) {
        District district = current();
        long batch = changeBatches.incrementAndGet();
        SplittableRandom random = new SplittableRandom(district.size().seed() * 31 + batch);
        List<RosterRecord> candidates = district.all(type).toList();
        int n = Math.min(count, candidates.size());
        // Partial Fisher-Yates: the first n slots end up a uniform random sample.
        List<RosterRecord> pool = new ArrayList<>(candidates);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(pool.size() - i);
            RosterRecord tmp = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, tmp);
        }
        List<RosterRecord> chosen = new ArrayList<>(pool.subList(0, n));
        chosen.sort((a, b) -> a.sourcedId().compareTo(b.sourcedId()));
        List<String> ids = new ArrayList<>();
        for (RosterRecord record : chosen) {
            Map<String, Object> metadata = new HashMap<>(record.meta().metadata());
            metadata.put("simulator.revision", batch);
            RosterRecord changed = record;
            if (record instanceof Person p) {
                changed = new Person(p.meta(), p.username(), p.enabled(), p.givenName(), p.familyName(),
                        p.middleName(), p.roles(), p.primaryOrgId(), p.identifier(), p.email(),
                        String.format("+1-555-%04d", random.nextInt(10_000)), p.grades());
            } else if (record instanceof Section s) {
                changed = new Section(s.meta(), s.title(), s.classCode(), s.classType(),
                        "Room " + (100 + random.nextInt(400)), s.courseId(), s.schoolId(), s.termIds(), s.grades(),
                        s.subjects(), s.periods());
            }
            Meta meta = new Meta(record.sourcedId(), record.meta().status(), nextWriteInstant(), metadata);
            district.put(changed.withMeta(meta));
            events.publishEvent(new RecordChanged(type, record.sourcedId(), "updated"));
            ids.add(record.sourcedId());
        }
        return ids;
    }

    /**
     * Stores records written together (one write of another view, e.g. an Ed-Fi POST), each stamped as modified now
     * and under its own change version, in the given order. A record marked {@code tobedeleted} is published as a
     * deletion. A key change, if given, is logged under the change version of the last record.
     *
     * @param keyChange may be null; its change version is filled in
     * @return the stored records, in order
     */
    public List<RosterRecord> store(List<? extends RosterRecord> records, District.KeyChange keyChange) {
        District district = current();
        List<RosterRecord> stored = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RosterRecord record = records.get(i);
            boolean exists = district.find(record.type(), record.sourcedId()).isPresent();
            RosterRecord saved = district.put(record.withMeta(record.meta().touched(nextWriteInstant())),
                    i == records.size() - 1 ? keyChange : null);
            String kind = saved.meta().status() == RecordStatus.TO_BE_DELETED ? "deleted"
                    : exists ? "updated" : "created";
            events.publishEvent(new RecordChanged(saved.type(), saved.sourcedId(), kind));
            stored.add(saved);
        }
        return stored;
    }

    private Instant nextWriteInstant() {
        long now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
        return Instant.ofEpochMilli(lastWriteMillis.updateAndGet(last -> Math.max(now, last + 1)));
    }
}
