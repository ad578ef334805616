package io.rostersync.health.aggregates;

import com.google.cloud.firestore.DocumentChange;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.ListenerRegistration;
import com.google.cloud.firestore.QuerySnapshot;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.health.feed.FeedSettings;
import io.rostersync.health.feed.ListenerThreads;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every integration and its aggregate, kept in memory by two Firestore listeners, so the overview answers without a
 * Firestore round trip. Both collections hold one small document per integration; a listener delivers only what
 * changed, and every replica sees every change (whoever counted it). Until both listeners have delivered their first
 * snapshot, and while one reconnects, callers read Firestore directly ({@link #snapshot()}).
 */
@Component
public class FleetView implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FleetView.class);

    private final Firestore firestore;
    private final Integrations integrations;
    private final HealthAggregates aggregates;
    private final Map<String, IntegrationAggregate> byIntegration = new ConcurrentHashMap<>();
    private volatile List<Integration> registered = List.of();
    private volatile boolean integrationsReady;
    private volatile boolean aggregatesReady;
    private final ListenerThreads threads;
    private ListenerRegistration integrationsListener;
    private ListenerRegistration aggregatesListener;

    FleetView(Firestore firestore, Integrations integrations, HealthAggregates aggregates, FeedSettings settings) {
        this.firestore = firestore;
        this.integrations = integrations;
        this.aggregates = aggregates;
        this.threads = new ListenerThreads("health-fleet-view", 1, settings.retryBackoff());
    }

    /** The integrations (by id) and their aggregates; an integration that never ran has no aggregate. */
    public record Snapshot(List<Integration> integrations, Map<String, IntegrationAggregate> aggregates) {
    }

    /**
     * From memory once the listeners are in step, else read from Firestore.
     *
     * @throws io.rostersync.core.firestore.FirestoreAccessException when Firestore has to be read and fails
     */
    public Snapshot snapshot() {
        if (integrationsReady && aggregatesReady) {
            return new Snapshot(registered, Map.copyOf(byIntegration));
        }
        return new Snapshot(sorted(integrations.list()), aggregates.readAll());
    }

    @Override
    public synchronized void start() {
        threads.start();
        listenToIntegrations();
        listenToAggregates();
    }

    @Override
    public synchronized void stop() {
        threads.stop(() -> {
            integrationsReady = false;
            aggregatesReady = false;
            if (integrationsListener != null) {
                integrationsListener.remove();
            }
            if (aggregatesListener != null) {
                aggregatesListener.remove();
            }
        });
    }

    @Override
    public boolean isRunning() {
        return threads.running();
    }

    private synchronized void listenToIntegrations() {
        if (!threads.running()) {
            return;
        }
        integrationsReady = false;
        // The listener only says that something changed; the store reads the documents, so their mapping stays in
        // one place (sync-core). Integrations change rarely, and there are few of them.
        integrationsListener = firestore.collection(Integrations.COLLECTION).addSnapshotListener(threads.callbacks(),
                (snapshot, error) -> {
                    if (error != null) {
                        retry("integrations", error, this::listenToIntegrations);
                        return;
                    }
                    try {
                        registered = sorted(integrations.list());
                        integrationsReady = true;
                    } catch (RuntimeException e) {
                        integrationsReady = false;
                        log.warn("Reading integrations after a change failed; the overview reads Firestore until the next change: {}",
                                e.toString());
                    }
                });
    }

    private synchronized void listenToAggregates() {
        if (!threads.running()) {
            return;
        }
        aggregatesReady = false;
        // The first snapshot delivers every document again; anything deleted meanwhile must not linger.
        byIntegration.clear();
        aggregatesListener = firestore.collection(HealthAggregates.COLLECTION).addSnapshotListener(threads.callbacks(), this::onAggregates);
    }

    private void onAggregates(QuerySnapshot snapshot, FirestoreException error) {
        if (error != null) {
            retry("integrationHealth", error, this::listenToAggregates);
            return;
        }
        for (DocumentChange change : snapshot.getDocumentChanges()) {
            String id = change.getDocument().getId();
            if (change.getType() == DocumentChange.Type.REMOVED) {
                byIntegration.remove(id);
            } else {
                byIntegration.put(id, HealthAggregates.fromDocument(change.getDocument()));
            }
        }
        aggregatesReady = true;
    }

    private void retry(String collection, FirestoreException error, Runnable listen) {
        if (collection.equals(Integrations.COLLECTION)) {
            integrationsReady = false;
        } else {
            aggregatesReady = false;
        }
        if (threads.retryLater(listen)) {
            log.warn("The {} listener stopped; the overview reads Firestore until it is back (in {}): {}", collection,
                    threads.retryBackoff(), error.toString());
        }
    }

    private static List<Integration> sorted(List<Integration> all) {
        return all.stream().sorted(Comparator.comparing(Integration::integrationId)).toList();
    }
}
