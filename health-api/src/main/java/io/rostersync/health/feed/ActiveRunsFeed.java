package io.rostersync.health.feed;

import com.google.cloud.firestore.DocumentChange;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.ListenerRegistration;
import com.google.cloud.firestore.QuerySnapshot;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.health.runs.RunView;
import io.rostersync.health.stream.RunEvents;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows queued, running and held runs (a small set: at most one active and one queued per integration and
 * direction) so the dashboard sees a run appear, make progress or wait for an operator, and the overview can say what
 * is in progress now.
 */
@Component
public class ActiveRunsFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ActiveRunsFeed.class);

    private final Firestore firestore;
    private final RunEvents events;
    private final Map<String, RunView> active = new ConcurrentHashMap<>();
    private final ListenerThreads threads;
    private ListenerRegistration registration;

    ActiveRunsFeed(Firestore firestore, RunEvents events, FeedSettings settings) {
        this.firestore = firestore;
        this.events = events;
        this.threads = new ListenerThreads("health-active-runs", 1, settings.retryBackoff());
    }

    /** The queued, running and held runs by integration, oldest first. */
    public Map<String, List<RunView>> byIntegration() {
        return active.values().stream().sorted(Comparator.comparing(RunView::queuedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .collect(Collectors.groupingBy(RunView::integrationId));
    }

    @Override
    public synchronized void start() {
        threads.start();
        listen();
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

    private synchronized void listen() {
        if (!threads.running()) {
            return;
        }
        if (registration != null) {
            registration.remove();
        }
        active.clear();
        registration = firestore.collection(SyncRuns.COLLECTION)
                .whereIn("status", List.of(RunStatus.QUEUED.value(), RunStatus.RUNNING.value(), RunStatus.ON_HOLD.value()))
                .addSnapshotListener(threads.callbacks(), this::onSnapshot);
    }

    private void onSnapshot(QuerySnapshot snapshot, FirestoreException error) {
        if (error != null) {
            if (threads.retryLater(this::listen)) {
                log.warn("The active-runs listener stopped; listening again in {}: {}", threads.retryBackoff(), error.toString());
            }
            return;
        }
        for (DocumentChange change : snapshot.getDocumentChanges()) {
            String runId = change.getDocument().getId();
            if (change.getType() == DocumentChange.Type.REMOVED) {
                // It ended: the finished-runs feed reports its final status.
                active.remove(runId);
                continue;
            }
            try {
                RunView run = RunView.of(SyncRuns.fromDocument(change.getDocument()));
                active.put(runId, run);
                events.runChanged(run);
            } catch (RuntimeException e) {
                log.warn("Run document {} cannot be read: {}", runId, e.toString());
            }
        }
    }
}
