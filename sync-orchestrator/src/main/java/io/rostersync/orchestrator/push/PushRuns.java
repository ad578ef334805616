package io.rostersync.orchestrator.push;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.events.ConflictDetected;
import io.rostersync.core.events.OutboxChange;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;
import io.rostersync.core.events.Topics;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push runs: send the integration's pending outbox to its connector, then apply what the SIS answered per
 * change — a new etag and the pushed values as the new base when applied, a conflict when someone changed the
 * record in the SIS meanwhile (412), the reason when refused. Changes that failed stay pending for the next push.
 */
public class PushRuns {

    private static final Logger log = LoggerFactory.getLogger(PushRuns.class);
    /** One command carries at most this many changes; the rest wait for the follow-up push. */
    static final int MAX_CHANGES = 500;

    private final Firestore firestore;
    private final SyncRuns runs;
    private final Outbox outbox;
    private final EventPublisher publisher;
    private final Clock clock;

    public PushRuns(Firestore firestore, SyncRuns runs, Outbox outbox, EventPublisher publisher, Clock clock) {
        this.firestore = firestore;
        this.runs = runs;
        this.outbox = outbox;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Sends the pending outbox of a started push run; ends the run at once when there is nothing to push or the
     * standard cannot take writes.
     *
     * @return the run if it already ended, else empty
     */
    public Optional<SyncRun> dispatch(Integration integration, SyncRun run) {
        List<OutboxChange> changes = outbox.pending(integration.integrationId(), MAX_CHANGES);
        if (!integration.connector().writable()) {
            return Optional.of(finish(run, RunStatus.FAILED, RunCounts.ZERO, integration.connector().value()
                    + " does not accept writes (OneRoster rostering is read-only): integration " + integration.integrationId()
                    + " cannot push; " + changes.size() + " local edit(s) stay in its outbox"));
        }
        if (changes.isEmpty()) {
            return Optional.of(finish(run, RunStatus.SUCCEEDED, RunCounts.ZERO, null));
        }
        try (CorrelationId.Scope correlation = CorrelationId.open(run.correlationId())) {
            publisher.publishAndWait(Topics.commandsFor(integration.connector()), integration.integrationId(), run.runId() + "/push",
                    run.runId(), new PushCommand(run.runId(), integration.integrationId(), integration.connection(), changes));
        }
        log.info("push run {} sent {} change(s)", run.runId(), changes.size());
        return Optional.empty();
    }

    /** @return the finished run, or empty when it had already ended (a redelivered result) */
    public Optional<SyncRun> apply(PushResult result) {
        SyncRun run = runs.find(result.runId()).orElseThrow(() ->
                new io.rostersync.core.kafka.PermanentFailureException("push result for run " + result.runId() + ", which does not exist"));
        if (!run.status().active()) {
            return Optional.empty();
        }
        long applied = 0, conflicts = 0, failed = 0;
        StringBuilder errors = new StringBuilder();
        for (PushResult.ChangeOutcome outcome : result.outcomes()) {
            DocumentReference entry = outbox.collection(result.integrationId()).document(outcome.changeId());
            DocumentSnapshot change = await(entry.get());
            if (!change.exists()) {
                continue;
            }
            OutboxChange pushed = Outbox.change(change);
            switch (outcome.status()) {
                case APPLIED -> {
                    applied++;
                    markPushed(result.integrationId(), pushed, outcome.newEtag());
                }
                case CONFLICT -> {
                    conflicts++;
                    publishConflict(result, pushed, outcome);
                    markConflict(result.integrationId(), pushed, outcome);
                }
                case REJECTED -> {
                    failed++;
                    await(entry.update(Map.of("status", Outbox.REJECTED, "reason", String.valueOf(outcome.reason()))));
                    errors.append(pushed.sourcedId()).append(": ").append(outcome.reason()).append("; ");
                }
                case FAILED -> {
                    failed++;
                    errors.append(pushed.sourcedId()).append(": ").append(outcome.reason()).append("; ");
                }
            }
        }
        RunCounts counts = new RunCounts(result.outcomes().size(), 0, applied, 0, 0, conflicts, failed);
        RunStatus status = failed == 0 && conflicts == 0 ? RunStatus.SUCCEEDED : applied > 0 || conflicts > 0 ? RunStatus.PARTIAL : RunStatus.FAILED;
        return Optional.of(finish(run, status, counts, errors.length() == 0 ? null : errors.toString().trim()));
    }

    /** The SIS now holds the pushed values: they become the base, so the next pull sees no local change there. */
    private void markPushed(String integrationId, OutboxChange change, String newEtag) {
        DocumentReference record = firestore.collection("integrations").document(integrationId)
                .collection(change.entityType().collection()).document(change.sourcedId());
        await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(record).get();
            Map<String, Object> update = new HashMap<>();
            if (doc.exists()) {
                change.fields().forEach((field, value) -> {
                    update.put("_sync.baseSnapshot." + field, value == null ? FieldValue.delete() : value);
                    update.put("_sync.remoteSnapshot." + field, value == null ? FieldValue.delete() : value);
                });
                if (newEtag != null) {
                    update.put("_sync.etag", newEtag);
                }
                update.put("_sync.pushedAt", timestamp(clock.instant()));
                tx.update(record, update);
            }
            tx.update(outbox.collection(integrationId).document(change.changeId()),
                    Map.of("status", Outbox.PUSHED, "pushedAt", timestamp(clock.instant()), "etagAfter", String.valueOf(newEtag)));
            return null;
        }));
    }

    /**
     * The SIS's current version becomes what RosterSync knows of the remote side (snapshot and etag), as a pull
     * would have made it: a resolution is then computed and pushed against that version, not the stale one the
     * write was refused for (which would only hit 412 again).
     */
    private void markConflict(String integrationId, OutboxChange change, PushResult.ChangeOutcome outcome) {
        DocumentReference record = firestore.collection("integrations").document(integrationId)
                .collection(change.entityType().collection()).document(change.sourcedId());
        await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(record).get();
            if (doc.exists() && !outcome.remote().isEmpty()) {
                Map<String, Object> update = new HashMap<>();
                update.put("_sync.remoteSnapshot", outcome.remote());
                if (outcome.newEtag() != null) {
                    update.put("_sync.etag", outcome.newEtag());
                }
                tx.update(record, update);
            }
            tx.update(outbox.collection(integrationId).document(change.changeId()),
                    Map.of("status", Outbox.CONFLICT, "reason", String.valueOf(outcome.reason())));
            return null;
        }));
    }

    private void publishConflict(PushResult result, OutboxChange change, PushResult.ChangeOutcome outcome) {
        DocumentSnapshot record = await(firestore.collection("integrations").document(result.integrationId())
                .collection(change.entityType().collection()).document(change.sourcedId()).get());
        Map<String, Object> base = FirestoreValues.map(record, "_sync.baseSnapshot");
        Map<String, Object> local = new HashMap<>(base);
        local.putAll(change.fields());
        String conflictId = "cf-" + UUID.nameUUIDFromBytes((result.integrationId() + "/" + change.entityType().collection() + "/"
                + change.sourcedId() + "/push/" + change.changeId()).getBytes(StandardCharsets.UTF_8));
        List<String> fields = change.fields().keySet().stream()
                .filter(f -> !java.util.Objects.equals(outcome.remote().get(f), change.fields().get(f))).sorted().toList();
        publisher.publishAndWait(Topics.SYNC_CONFLICTS, result.integrationId(), conflictId, change.sourcedId(),
                new ConflictDetected(conflictId, result.integrationId(), change.entityType(), change.sourcedId(), result.runId(),
                        base, local, outcome.remote(), fields, clock.instant()));
    }

    private SyncRun finish(SyncRun run, RunStatus status, RunCounts counts, String error) {
        Instant now = clock.instant();
        Map<String, Object> update = new HashMap<>();
        update.put("status", status.value());
        update.put("counts", counts.asMap());
        update.put("finishedAt", timestamp(now));
        update.put("heartbeatAt", timestamp(now));
        update.put("error", error);
        await(runs.reference(run.runId()).update(update));
        log.info("push run {} {}{}", run.runId(), status.value(), error == null ? "" : ": " + error);
        return runs.find(run.runId()).orElseThrow();
    }
}
