package io.rostersync.health.backlog;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

/**
 * Open conflicts and dead letters waiting for action, per integration, counted with Firestore count aggregations on
 * a schedule (not per request: the overview must not issue two queries per integration). The conflict and dead-letter
 * services own those collections; this only counts them.
 */
@Component
public class BacklogCounts {

    /** Dead letters that still need something to happen: scheduled for a retry, being retried, or out of retries. */
    static final List<String> WAITING = List.of(SyncDeadLetter.PENDING, SyncDeadLetter.RETRYING, SyncDeadLetter.PARKED);
    private static final Logger log = LoggerFactory.getLogger(BacklogCounts.class);

    private final Firestore firestore;
    private final Integrations integrations;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(null, Map.of(), 0, 0);

    BacklogCounts(Firestore firestore, Integrations integrations, Clock clock) {
        this.firestore = firestore;
        this.integrations = integrations;
        this.clock = clock;
    }

    /**
     * The counts of the last refresh.
     *
     * @param measuredAt null before the first refresh
     * @param openConflicts all open conflicts, also of integrations no longer registered
     * @param waitingDeadLetters all waiting dead letters, also those not keyed by an integration (sync.records is keyed by run)
     */
    public record Snapshot(Instant measuredAt, Map<String, Backlog> byIntegration, long openConflicts, long waitingDeadLetters) {

        public Optional<Backlog> of(String integrationId) {
            return Optional.ofNullable(byIntegration.get(integrationId));
        }
    }

    /** One integration's backlog. */
    public record Backlog(long openConflicts, long waitingDeadLetters) {
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    @Scheduled(fixedDelayString = "${rostersync.health.backlog.refresh}", initialDelay = 0)
    public void refresh() {
        try {
            List<String> ids = integrations.list().stream().map(Integration::integrationId).toList();
            Map<String, ApiFuture<AggregateQuerySnapshot>> conflicts = new LinkedHashMap<>();
            Map<String, ApiFuture<AggregateQuerySnapshot>> letters = new LinkedHashMap<>();
            // All queries in flight at once: the refresh takes about one round trip, not one per integration.
            for (String id : ids) {
                conflicts.put(id, openConflicts(id).count().get());
                letters.put(id, waitingLetters(id).count().get());
            }
            ApiFuture<AggregateQuerySnapshot> allConflicts = openConflicts(null).count().get();
            ApiFuture<AggregateQuerySnapshot> allLetters = waitingLetters(null).count().get();
            Map<String, Backlog> counted = new HashMap<>();
            for (String id : ids) {
                counted.put(id, new Backlog(await(conflicts.get(id)).getCount(), await(letters.get(id)).getCount()));
            }
            snapshot = new Snapshot(clock.instant(), Map.copyOf(counted), await(allConflicts).getCount(), await(allLetters).getCount());
        } catch (RuntimeException e) {
            log.warn("Counting open conflicts and waiting dead letters failed; the next refresh tries again: {}", e.toString());
        }
    }

    /** Recounts soon, off the caller's thread: after an operator resolved or retried something. */
    public void refreshSoon() {
        Schedulers.boundedElastic().schedule(this::refresh);
    }

    private Query openConflicts(String integrationId) {
        Query query = firestore.collection(SyncConflicts.COLLECTION).whereEqualTo("status", SyncConflict.OPEN);
        return integrationId == null ? query : query.whereEqualTo("integrationId", integrationId);
    }

    private Query waitingLetters(String integrationId) {
        Query query = firestore.collection(SyncDeadLetters.COLLECTION).whereIn("status", List.copyOf(WAITING));
        return integrationId == null ? query : query.whereEqualTo("integrationId", integrationId);
    }
}
