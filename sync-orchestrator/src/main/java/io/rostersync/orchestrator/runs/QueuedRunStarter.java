package io.rostersync.orchestrator.runs;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRuns;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/** Starts queued runs whose hold (the webhook run interval) has passed; nothing else would wake them. */
class QueuedRunStarter {

    private static final Logger log = LoggerFactory.getLogger(QueuedRunStarter.class);

    private final Firestore firestore;
    private final RunDispatcher dispatcher;

    QueuedRunStarter(Firestore firestore, RunDispatcher dispatcher) {
        this.firestore = firestore;
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${rostersync.orchestrator.queued-run-check-interval}")
    void startDue() {
        try {
            Set<String> seen = new HashSet<>();
            for (DocumentSnapshot doc : await(firestore.collection(SyncRuns.COLLECTION)
                    .whereEqualTo("status", RunStatus.QUEUED.value()).get()).getDocuments()) {
                String integrationId = doc.getString("integrationId");
                Direction direction = Direction.fromValue(doc.getString("direction"));
                if (seen.add(integrationId + "/" + direction)) {
                    dispatcher.startFollowUp(integrationId, direction);
                }
            }
        } catch (RuntimeException e) {
            // The next tick tries again; a passing Firestore error must not stop the scheduler.
            log.warn("queued-run check failed: {}", e.getMessage());
        }
    }
}
