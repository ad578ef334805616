package io.rostersync.orchestrator.holds;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** An operator's decision on a run on hold: approve (apply what it staged) or reject (discard it). */
public class HeldRuns {

    private static final Logger log = LoggerFactory.getLogger(HeldRuns.class);

    /** Why a decision could not be taken. */
    public enum Refusal { NOT_FOUND, NOT_ON_HOLD }

    /** The run after the decision, or why there was none. */
    public record Decision(SyncRun run, Refusal refusal) {
    }

    private final Firestore firestore;
    private final SyncRuns runs;
    private final EventPublisher publisher;
    private final RunDispatcher dispatcher;
    private final Clock clock;
    private final JsonMapper json = EventCodec.defaultMapper();

    public HeldRuns(Firestore firestore, SyncRuns runs, EventPublisher publisher, RunDispatcher dispatcher, Clock clock) {
        this.firestore = firestore;
        this.runs = runs;
        this.publisher = publisher;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Approves a held run: it runs again and its kept completion is sent back through {@code sync.records}, where the
     * staged batches are applied in order and the cursors move. Approving an approved run that has not finished yet
     * sends the completion again (a lost publish is repaired by asking again).
     */
    public Decision approve(String runId, String who) {
        DocumentReference ref = runs.reference(runId);
        Instant now = clock.instant();
        Optional<Refusal> refusal = await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(ref).get();
            if (!doc.exists()) {
                return Optional.of(Refusal.NOT_FOUND);
            }
            RunStatus status = RunStatus.fromValue(doc.getString("status"));
            if (status == RunStatus.RUNNING && "approved".equals(doc.getString(MassChangeGuard.HOLD + ".decision"))) {
                return Optional.<Refusal>empty();
            }
            if (status != RunStatus.ON_HOLD) {
                return Optional.of(Refusal.NOT_ON_HOLD);
            }
            tx.update(ref, Map.of("status", RunStatus.RUNNING.value(), "heartbeatAt", timestamp(now), "error", "approved by " + who,
                    MassChangeGuard.GUARD + ".approved", true, MassChangeGuard.HOLD + ".decision", "approved",
                    MassChangeGuard.HOLD + ".decidedBy", who, MassChangeGuard.HOLD + ".decidedAt", timestamp(now)));
            return Optional.<Refusal>empty();
        }));
        if (refusal.isPresent()) {
            return new Decision(runs.find(runId).orElse(null), refusal.get());
        }
        DocumentSnapshot doc = await(ref.get());
        PullCompleted completion = json.readValue(doc.getString(MassChangeGuard.HOLD + ".completion"), PullCompleted.class);
        try (CorrelationId.Scope correlation = CorrelationId.open(SyncRun.correlationIdOf(runId, doc.getString("triggerId")))) {
            publisher.publishAndWait(Topics.SYNC_RECORDS, runId, runId + "/approved", runId, completion);
            log.info("held run {} approved by {}", runId, who);
        }
        return new Decision(runs.find(runId).orElseThrow(), null);
    }

    /** Rejects a held run: nothing it staged is applied, the cursors stay, and the integration's next run may start. */
    public Decision reject(String runId, String who) {
        DocumentReference ref = runs.reference(runId);
        Instant now = clock.instant();
        Optional<Refusal> refusal = await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(ref).get();
            if (!doc.exists()) {
                return Optional.of(Refusal.NOT_FOUND);
            }
            if (!RunStatus.ON_HOLD.value().equals(doc.getString("status"))) {
                return Optional.of(Refusal.NOT_ON_HOLD);
            }
            tx.update(ref, Map.of("status", RunStatus.CANCELLED.value(), "finishedAt", timestamp(now),
                    "error", "rejected by " + who + " while on hold: nothing was applied and the cursor was not moved",
                    MassChangeGuard.HOLD + ".decision", "rejected", MassChangeGuard.HOLD + ".decidedBy", who,
                    MassChangeGuard.HOLD + ".decidedAt", timestamp(now)));
            return Optional.<Refusal>empty();
        }));
        if (refusal.isPresent()) {
            return new Decision(runs.find(runId).orElse(null), refusal.get());
        }
        StagedBatches.discard(firestore, ref);
        SyncRun run = runs.find(runId).orElseThrow();
        log.info("held run {} rejected by {}", runId, who);
        dispatcher.startFollowUp(run.integrationId(), Direction.PULL);
        return new Decision(run, null);
    }
}
