package io.rostersync.health.feed;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentChange;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.ListenerRegistration;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import com.google.cloud.firestore.FirestoreException;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.health.aggregates.RunOutcome;
import io.rostersync.health.runs.RunView;
import io.rostersync.health.stream.RunEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows runs that reach a final status and hands each to the {@link AggregateUpdater} and the run stream.
 *
 * <p>Nothing publishes run status changes to Kafka; every final transition (completion, failure, cancel, watchdog,
 * push end) writes {@code finishedAt}, so the feed watches {@code syncRuns} ordered by {@code finishedAt}: a Firestore
 * listener on runs that finished since shortly before it started, restarted every
 * {@link FeedSettings#reanchorInterval()} so its in-memory result set stays small, and at start a paged catch-up from
 * the saved {@link FeedWatermark} so runs that ended while no health API ran are counted too. Every path may deliver a
 * run more than once; the aggregates count each run once.
 */
@Component
public class FinishedRunsFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FinishedRunsFeed.class);
    private static final long PAGE_TIMEOUT_MINUTES = 30;
    /** Pages counted while the next is read: enough to fill the lanes' rounds, few enough to bound memory. */
    private static final int PAGES_IN_FLIGHT = 8;

    private final Firestore firestore;
    private final AggregateUpdater updater;
    private final RunEvents events;
    private final FeedWatermark watermark;
    private final FeedSettings settings;
    private final Clock clock;

    private final ListenerThreads threads;
    private ListenerRegistration registration;
    /** While catching up: how far it has counted; null once caught up. */
    private volatile Instant catchUpReached;
    private volatile boolean caughtUp;
    private Instant lastSaved;

    FinishedRunsFeed(Firestore firestore, AggregateUpdater updater, RunEvents events, FeedWatermark watermark,
                     FeedSettings settings, Clock clock) {
        this.firestore = firestore;
        this.updater = updater;
        this.events = events;
        this.watermark = watermark;
        this.settings = settings;
        this.clock = clock;
        this.threads = new ListenerThreads("health-feed", 2, settings.retryBackoff());
    }

    @Override
    public synchronized void start() {
        threads.start();
        ScheduledExecutorService scheduler = threads.timers();
        // Listen first: live runs are counted at once even while a long catch-up is still reading history.
        listen(clock.instant().minus(settings.overlap()));
        scheduler.execute(this::catchUpFromWatermark);
        long reanchor = settings.reanchorInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> listen(clock.instant().minus(settings.overlap())), reanchor, reanchor,
                TimeUnit.MILLISECONDS);
        long save = settings.watermarkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::saveWatermark, save, save, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        threads.stop(() -> {
            if (registration != null) {
                registration.remove();
                registration = null;
            }
        });
    }

    @Override
    public boolean isRunning() {
        return threads.running();
    }

    /** Whether the start-up catch-up has finished (runs that ended before the start are counted). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Counts every run that finished at or after {@code since}, page by page. A few pages are counted while the next
     * are read, so that the lanes gather many runs of one integration into each transaction.
     *
     * @return how many finished runs were read
     */
    public long catchUp(Instant since) {
        long read = 0;
        Query base = firestore.collection(SyncRuns.COLLECTION).whereGreaterThanOrEqualTo("finishedAt", timestamp(since))
                .orderBy("finishedAt").orderBy("__name__");
        QueryDocumentSnapshot last = null;
        catchUpReached = since;
        Deque<CountedPage> inFlight = new ArrayDeque<>();
        while (true) {
            Query page = last == null ? base.limit(settings.pageSize()) : base.startAfter(last).limit(settings.pageSize());
            List<QueryDocumentSnapshot> docs = await(page.get()).getDocuments();
            if (docs.isEmpty()) {
                break;
            }
            List<CompletableFuture<Void>> counted = new ArrayList<>();
            for (QueryDocumentSnapshot doc : docs) {
                outcomeOf(doc).ifPresent(outcome -> counted.add(updater.submit(outcome)));
            }
            read += docs.size();
            last = docs.get(docs.size() - 1);
            inFlight.add(new CountedPage(counted, FirestoreValues.instant(last, "finishedAt")));
            if (inFlight.size() > PAGES_IN_FLIGHT) {
                settle(inFlight.poll());
            }
        }
        while (!inFlight.isEmpty()) {
            settle(inFlight.poll());
        }
        return read;
    }

    /** A page handed to the lanes, and the finish time of its last run. */
    private record CountedPage(List<CompletableFuture<Void>> counted, Instant reached) {
    }

    private void settle(CountedPage page) {
        waitFor(page.counted());
        catchUpReached = page.reached();
    }

    private void catchUpFromWatermark() {
        try {
            Optional<Instant> saved = watermark.load();
            Instant since = saved.map(w -> w.minus(settings.overlap()))
                    .orElse(clock.instant().minus(settings.firstStartLookback()));
            long started = System.nanoTime();
            long read = catchUp(since);
            catchUpReached = null;
            caughtUp = true;
            log.info("Health aggregates caught up: {} finished run(s) since {} read in {} ms", read, since,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            if (threads.retryLater(this::catchUpFromWatermark)) {
                log.warn("Catching up on finished runs failed; trying again in {}: {}", threads.retryBackoff(), e.toString());
            }
        }
    }

    private synchronized void listen(Instant anchor) {
        if (!threads.running()) {
            return;
        }
        ListenerRegistration previous = registration;
        Query query = firestore.collection(SyncRuns.COLLECTION).whereGreaterThanOrEqualTo("finishedAt", timestamp(anchor));
        registration = query.addSnapshotListener(threads.callbacks(), this::onSnapshot);
        if (previous != null) {
            previous.remove();
        }
    }

    private void onSnapshot(QuerySnapshot snapshot, FirestoreException error) {
        if (error != null) {
            Instant since = clock.instant().minus(settings.overlap());
            if (threads.retryLater(() -> listen(since))) {
                log.warn("The finished-runs listener stopped; listening again from {} in {}: {}", since,
                        threads.retryBackoff(), error.toString());
            }
            return;
        }
        for (DocumentChange change : snapshot.getDocumentChanges()) {
            if (change.getType() == DocumentChange.Type.REMOVED) {
                // A reopened run leaves the query; it comes back when it finishes again.
                continue;
            }
            QueryDocumentSnapshot doc = change.getDocument();
            outcomeOf(doc).ifPresent(outcome -> {
                events.runChanged(RunView.of(SyncRuns.fromDocument(doc)));
                updater.submit(outcome);
            });
        }
    }

    private void saveWatermark() {
        try {
            Optional<Instant> counted = updater.watermark();
            Instant mark;
            if (caughtUp) {
                mark = counted.orElse(null);
            } else {
                // Until the catch-up is through, only as far as it has counted (the listener runs ahead of it).
                Instant reached = catchUpReached;
                mark = reached == null ? null : counted.filter(c -> c.isBefore(reached)).orElse(reached);
            }
            if (mark != null && !mark.equals(lastSaved)) {
                watermark.save(mark);
                lastSaved = mark;
            }
        } catch (RuntimeException e) {
            log.warn("Saving the health feed watermark failed; the next save tries again: {}", e.toString());
        }
    }

    private static Optional<RunOutcome> outcomeOf(QueryDocumentSnapshot doc) {
        try {
            SyncRun run = SyncRuns.fromDocument(doc);
            return RunOutcome.of(run);
        } catch (RuntimeException e) {
            log.warn("Run document {} cannot be read and is left out of the health aggregates: {}", doc.getId(), e.toString());
            return Optional.empty();
        }
    }

    private static void waitFor(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(PAGE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting finished runs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("counting a page of finished runs did not finish: " + e, e);
        }
    }

}
