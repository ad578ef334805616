package io.rostersync.orchestrator.runs;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.OrchestratorSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Fails running runs whose heartbeat stopped (a connector that died mid-pull, a lost completion) so that
 * they do not block their integration forever, and starts their queued follow-ups.
 */
class StalledRunWatchdog {

    private static final Logger log = LoggerFactory.getLogger(StalledRunWatchdog.class);

    private final Firestore firestore;
    private final RunDispatcher dispatcher;
    private final OrchestratorSettings settings;
    private final Clock clock;

    StalledRunWatchdog(Firestore firestore, RunDispatcher dispatcher, OrchestratorSettings settings, Clock clock) {
        this.firestore = firestore;
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.clock = clock;
    }

    /** A stalled run is tried again, as a new run with the next attempt number, until the attempts run out. */
    private void retry(SyncRun run) {
        if (run.attempt() >= settings.maxAttempts()) {
            log.warn("run {} of {} stalled on attempt {}; no retry left", run.runId(), run.integrationId(), run.attempt());
            return;
        }
        String original = run.triggerId() == null ? run.runId() : run.triggerId().replaceFirst("#attempt-\\d+$", "");
        try {
            dispatcher.trigger(new RunTrigger(original + "#attempt-" + (run.attempt() + 1), run.integrationId(), run.runType(),
                    run.direction(), java.util.List.of(), java.util.Map.of(), run.requestedBy(), run.mode(), run.attempt() + 1));
        } catch (RuntimeException e) {
            log.warn("retry of stalled run {} not started: {}", run.runId(), e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${rostersync.orchestrator.watchdog-interval}", initialDelayString = "${rostersync.orchestrator.watchdog-interval}")
    void failStalledRuns() {
        Instant cutoff = clock.instant().minus(settings.heartbeatTimeout());
        try {
            for (DocumentSnapshot doc : await(firestore.collection(SyncRuns.COLLECTION)
                    .whereEqualTo("status", RunStatus.RUNNING.value())
                    .whereLessThan("heartbeatAt", timestamp(cutoff)).get()).getDocuments()) {
                SyncRun run = SyncRuns.fromDocument(doc);
                String reason = "no progress for " + settings.heartbeatTimeout().toMinutes() + " min (the connector stopped answering); "
                        + "the cursor was not moved";
                boolean failed = await(firestore.runTransaction(tx -> {
                    DocumentSnapshot current = tx.get(doc.getReference()).get();
                    if (!RunStatus.RUNNING.value().equals(current.getString("status"))) {
                        return false;
                    }
                    tx.update(doc.getReference(), Map.of("status", RunStatus.FAILED.value(), "error", reason,
                            "finishedAt", timestamp(clock.instant())));
                    return true;
                }));
                if (failed) {
                    log.warn("run {} of {} failed by the watchdog: {}", run.runId(), run.integrationId(), reason);
                    retry(run);
                    dispatcher.startFollowUp(run.integrationId(), run.direction());
                }
            }
        } catch (RuntimeException e) {
            // The next tick tries again; a Firestore outage must not kill the scheduler thread.
            log.warn("stalled-run check failed: {}", e.getMessage());
        }
    }
}
