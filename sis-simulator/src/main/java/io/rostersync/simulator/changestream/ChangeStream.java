package io.rostersync.simulator.changestream;

import java.time.Duration;
import java.time.Instant;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.Districts;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.Meta;
import io.rostersync.simulator.district.RecordStatus;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.district.RosterRecord.Section;

/**
 * Changes the district continuously at a given rate for a bounded time, through the same {@link Districts} methods
 * as the admin API, so change versions, {@code dateLastModified} and webhooks behave as for any other write.
 * <p>
 * The sequence of operations (which type, update/delete/create, which record) comes from one seeded random
 * generator: the same seed on the same district state gives the same changes. About 80 % are updates, 10 % soft
 * deletes of an active record and 10 % creates (new students for {@code users}; other types get an update instead,
 * because a copied course or enrollment would duplicate a natural key).
 */
@Component
public class ChangeStream {

    private static final Logger log = LoggerFactory.getLogger(ChangeStream.class);

    /**
     * What a stream was asked to do.
     *
     * @param ratePerSecond changes per second
     * @param entityTypes   the types it changes, picked uniformly
     * @param seconds       how long it runs
     * @param seed          seed of its random choices
     */
    public record Request(int ratePerSecond, List<EntityType> entityTypes, int seconds, long seed) {
    }

    /**
     * A stream's progress.
     *
     * @param running   still applying changes
     * @param request   what it was asked, null if none ever ran
     * @param startedAt when it started
     * @param applied   changes applied so far: {@code created}, {@code updated}, {@code deleted}, {@code total}
     */
    public record Status(boolean running, RequestView request, Instant startedAt, Map<String, Long> applied) {
    }

    /** A {@link Request} as the admin API shows it: entity types by their collection names. */
    public record RequestView(int ratePerSecond, List<String> entityTypes, int seconds, long seed) {

        static RequestView of(Request r) {
            return new RequestView(r.ratePerSecond(), r.entityTypes().stream().map(EntityType::collection).toList(),
                    r.seconds(), r.seed());
        }
    }

    private final class Run {
        final Request request;
        final SplittableRandom random;
        final long startNanos = System.nanoTime();
        final Instant startedAt;
        final AtomicLong created = new AtomicLong();
        final AtomicLong updated = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        long applied;
        volatile boolean running = true;
        ScheduledFuture<?> task;

        Run(Request request, Instant startedAt) {
            this.request = request;
            this.random = new SplittableRandom(request.seed());
            this.startedAt = startedAt;
        }

        synchronized void tick() {
            if (!running) {
                return;
            }
            long total = (long) request.ratePerSecond() * request.seconds();
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            long due = Math.min(total, (long) Math.floor(request.ratePerSecond() * elapsed));
            try {
                while (applied < due) {
                    applyOne(this);
                    applied++;
                }
            } catch (RuntimeException e) {
                log.warn("Change stream stopped by an error after {} changes", applied, e);
                running = false;
            }
            if (applied >= total || elapsed >= request.seconds()) {
                running = false;
            }
            if (!running && task != null) {
                task.cancel(false);
            }
        }

        Status status() {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("created", created.get());
            counts.put("updated", updated.get());
            counts.put("deleted", deleted.get());
            counts.put("total", created.get() + updated.get() + deleted.get());
            return new Status(running, RequestView.of(request), startedAt, counts);
        }
    }

    private final Districts districts;
    private final ChangeStreamSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "change-stream");
        t.setDaemon(true);
        return t;
    });
    private volatile Run current;

    ChangeStream(Districts districts, ChangeStreamSettings settings, Clock clock) {
        this.districts = districts;
        this.settings = settings;
        this.clock = clock;
    }

    /** Stops any running stream and starts a new one. */
    public synchronized Status start(Request request) {
        stop();
        Run run = new Run(request, clock.instant());
        current = run;
        long tickMillis = Math.max(1, settings.tick().toMillis());
        run.task = scheduler.scheduleAtFixedRate(run::tick, 0, tickMillis, TimeUnit.MILLISECONDS);
        log.info("Change stream started: {} changes/s of {} for {} s, seed {}", request.ratePerSecond(),
                request.entityTypes(), request.seconds(), request.seed());
        return run.status();
    }

    /** Stops the running stream, if any; the status of the last stream stays readable. */
    public synchronized Status stop() {
        Run run = current;
        if (run != null && run.running) {
            run.running = false;
            if (run.task != null) {
                run.task.cancel(false);
            }
        }
        return status();
    }

    public Status status() {
        Run run = current;
        return run == null ? new Status(false, null, null, Map.of()) : run.status();
    }

    public Duration maxDuration() {
        return settings.maxDuration();
    }

    public int maxRatePerSecond() {
        return settings.maxRatePerSecond();
    }

    private void applyOne(Run run) {
        SplittableRandom random = run.random;
        EntityType type = run.request.entityTypes().get(random.nextInt(run.request.entityTypes().size()));
        int dice = random.nextInt(10);
        // Draw every random number up front so the sequence does not depend on which branch runs.
        int pick = random.nextInt(Integer.MAX_VALUE);
        int detail = random.nextInt(10_000);
        District district = districts.current();
        if (dice == 0) {
            Optional<RosterRecord> victim = pick(district, type, pick, true);
            if (victim.isPresent() && districts.softDelete(type, victim.get().sourcedId()).isPresent()) {
                run.deleted.incrementAndGet();
                return;
            }
        } else if (dice == 1 && type == EntityType.USERS) {
            Optional<Person> template = pick(district, type, pick, false).map(Person.class::cast);
            if (template.isPresent()) {
                districts.upsert(newStudent(template.get(), run, detail));
                run.created.incrementAndGet();
                return;
            }
        }
        pick(district, type, pick, false).ifPresent(record -> {
            districts.upsert(updated(record, run.applied, detail));
            run.updated.incrementAndGet();
        });
    }

    private static Optional<RosterRecord> pick(District district, EntityType type, int pick, boolean activeOnly) {
        List<RosterRecord> candidates = activeOnly
                ? district.all(type).filter(r -> r.meta().status() == RecordStatus.ACTIVE).toList() : null;
        long count = activeOnly ? candidates.size() : district.count(type);
        if (count == 0) {
            return Optional.empty();
        }
        int index = (int) (pick % count);
        return activeOnly ? Optional.of(candidates.get(index)) : district.all(type).skip(index).findFirst();
    }

    private static RosterRecord updated(RosterRecord record, long sequence, int detail) {
        Map<String, Object> metadata = new HashMap<>(record.meta().metadata());
        metadata.put("simulator.changeStream", sequence + 1);
        RosterRecord changed = record;
        if (record instanceof Person p) {
            changed = new Person(p.meta(), p.username(), p.enabled(), p.givenName(), p.familyName(), p.middleName(),
                    p.roles(), p.primaryOrgId(), p.identifier(), p.email(), String.format("+1-555-%04d", detail),
                    p.grades());
        } else if (record instanceof Section s) {
            changed = new Section(s.meta(), s.title(), s.classCode(), s.classType(), "Room " + (100 + detail % 400),
                    s.courseId(), s.schoolId(), s.termIds(), s.grades(), s.subjects(), s.periods());
        }
        Meta meta = record.meta();
        return changed.withMeta(new Meta(meta.sourcedId(), meta.status(), meta.lastModified(), metadata));
    }

    private static Person newStudent(Person template, Run run, int detail) {
        String id = String.format("usr-cs%d-%06d", Math.floorMod(run.request.seed(), 1000), run.applied + 1);
        // No identifier: Ed-Fi then uses the sourcedId as studentUniqueId, so no natural key is duplicated.
        return new Person(new Meta(id, RecordStatus.ACTIVE, template.meta().lastModified(),
                Map.of("simulator.changeStream", run.applied + 1)), id, true, template.givenName(),
                "Stream" + detail, null, template.roles(), template.primaryOrgId(), null, null, null,
                template.grades());
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
    }
}
