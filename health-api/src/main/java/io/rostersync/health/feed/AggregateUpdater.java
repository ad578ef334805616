package io.rostersync.health.feed;

import io.rostersync.health.aggregates.HealthAggregates;
import io.rostersync.health.aggregates.RunOutcome;
import io.rostersync.health.stream.RunEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Counts finished runs into their integration's aggregate on a few lanes. An integration always goes to the same
 * lane, so its outcomes are counted in order and two transactions never contend for its document; outcomes queued
 * together are counted together (one transaction per integration). A failed count keeps its outcomes queued and tries
 * again with backoff: nothing is dropped while the process lives, and the watermark makes a restart read them again.
 */
@Component
public class AggregateUpdater implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AggregateUpdater.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** Outcomes taken off a lane's queue per round; one transaction per integration among them. */
    private static final int ROUND = 1000;

    private final HealthAggregates aggregates;
    private final RunEvents events;
    private final FeedSettings settings;
    private final List<Lane> lanes = new ArrayList<>();
    /** finishedAt of every outcome not yet counted, so the watermark never passes one of them. */
    private final ConcurrentSkipListMap<Instant, Integer> pending = new ConcurrentSkipListMap<>();
    private final AtomicReference<Instant> newestCounted = new AtomicReference<>();

    AggregateUpdater(HealthAggregates aggregates, RunEvents events, FeedSettings settings) {
        this.aggregates = aggregates;
        this.events = events;
        this.settings = settings;
        for (int i = 0; i < settings.lanes(); i++) {
            lanes.add(new Lane(i));
        }
    }

    /** Queues an outcome; the future completes once it is counted (or found counted already). */
    public CompletableFuture<Void> submit(RunOutcome outcome) {
        pending.merge(outcome.finishedAt(), 1, Integer::sum);
        CompletableFuture<Void> done = new CompletableFuture<>();
        lanes.get(Math.floorMod(outcome.integrationId().hashCode(), lanes.size())).submit(new Pending(outcome, done));
        return done;
    }

    /**
     * An instant before which every outcome submitted so far has been counted: the oldest one still queued, or the
     * newest one counted when none is queued; empty before anything was counted.
     */
    public Optional<Instant> watermark() {
        Map.Entry<Instant, Integer> oldestPending = pending.firstEntry();
        return oldestPending != null ? Optional.of(oldestPending.getKey()) : Optional.ofNullable(newestCounted.get());
    }

    /** Outcomes waiting to be counted (a gauge, and what tests wait on). */
    public int backlog() {
        return pending.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public void destroy() {
        lanes.forEach(lane -> lane.executor.shutdownNow());
    }

    private void counted(RunOutcome outcome) {
        pending.computeIfPresent(outcome.finishedAt(), (k, n) -> n == 1 ? null : n - 1);
        newestCounted.accumulateAndGet(outcome.finishedAt(), (a, b) -> a == null || b.isAfter(a) ? b : a);
    }

    private record Pending(RunOutcome outcome, CompletableFuture<Void> done) {
    }

    /** One thread and its queue; the queue is only touched on that thread. */
    private final class Lane {

        private final ScheduledExecutorService executor;
        private final Deque<Pending> queue = new ArrayDeque<>();
        private boolean drainScheduled;
        private Duration backoff;

        Lane(int index) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "health-aggregates-" + index);
                thread.setDaemon(true);
                return thread;
            });
            backoff = settings.retryBackoff();
        }

        void submit(Pending item) {
            executor.execute(() -> {
                queue.add(item);
                scheduleDrain(Duration.ZERO);
            });
        }

        private void scheduleDrain(Duration delay) {
            if (!drainScheduled) {
                drainScheduled = true;
                executor.schedule(this::drain, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void drain() {
            drainScheduled = false;
            List<Pending> round = new ArrayList<>();
            while (!queue.isEmpty() && round.size() < ROUND) {
                round.add(queue.poll());
            }
            Map<String, List<Pending>> byIntegration = new LinkedHashMap<>();
            round.forEach(p -> byIntegration.computeIfAbsent(p.outcome().integrationId(), k -> new ArrayList<>()).add(p));
            List<Pending> failed = new ArrayList<>();
            RuntimeException failure = null;
            for (Map.Entry<String, List<Pending>> entry : byIntegration.entrySet()) {
                List<Pending> all = entry.getValue();
                for (int from = 0; from < all.size(); from += HealthAggregates.MAX_PER_TRANSACTION) {
                    List<Pending> chunk = all.subList(from, Math.min(all.size(), from + HealthAggregates.MAX_PER_TRANSACTION));
                    if (failure != null) {
                        failed.addAll(chunk);
                        continue;
                    }
                    try {
                        int changed = aggregates.count(entry.getKey(), chunk.stream().map(Pending::outcome).toList());
                        chunk.forEach(p -> {
                            counted(p.outcome());
                            p.done().complete(null);
                        });
                        if (changed > 0) {
                            events.healthChanged(entry.getKey());
                        }
                    } catch (RuntimeException e) {
                        failure = e;
                        failed.addAll(chunk);
                    }
                }
            }
            if (failure != null) {
                // Back to the front, in order: they are counted before anything that arrived meanwhile.
                for (int i = failed.size() - 1; i >= 0; i--) {
                    queue.addFirst(failed.get(i));
                }
                log.warn("Counting {} finished run(s) into health aggregates failed; retrying in {}: {}",
                        failed.size(), backoff, failure.toString());
                scheduleDrain(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                return;
            }
            backoff = settings.retryBackoff();
            if (!queue.isEmpty()) {
                scheduleDrain(Duration.ZERO);
            }
        }
    }
}
