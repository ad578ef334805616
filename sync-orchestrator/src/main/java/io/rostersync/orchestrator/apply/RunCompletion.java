package io.rostersync.orchestrator.apply;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import io.rostersync.core.cursors.SyncCursor;
import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.freshness.IntegrationFreshness;
import io.rostersync.core.kafka.PermanentFailureException;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends pulls. A run succeeds only when every batch the connector sent has been applied; only then do the
 * cursors move, and only forward. A failed run keeps the old cursors so the next run repeats the window.
 */
public class RunCompletion {

    private static final Logger log = LoggerFactory.getLogger(RunCompletion.class);

    private static final String RESUMABLE = "resumable";
    private static final java.util.Set<String> TRANSIENT = java.util.Set.of("unreachable", "rate-limited");

    private final Firestore firestore;
    private final SyncRuns runs;
    private final SyncCursors cursors;
    private final Clock clock;

    public RunCompletion(Firestore firestore, SyncRuns runs, SyncCursors cursors, Clock clock) {
        this.firestore = firestore;
        this.runs = runs;
        this.cursors = cursors;
        this.clock = clock;
    }

    /** @return the finished run, or empty when the run had already ended (a redelivered completion) */
    public Optional<SyncRun> completed(PullCompleted completed) {
        SyncRun run = load(completed.runId());
        if (!run.status().active()) {
            log.info("completion of run {} ignored: run already {}", run.runId(), run.status().value());
            return Optional.empty();
        }
        List<QueryDocumentSnapshot> markers = await(runs.reference(run.runId()).collection(SyncRuns.BATCHES).get()).getDocuments();
        long applied = markers.stream().filter(m -> !Boolean.TRUE.equals(m.getBoolean("skipped"))).count();
        if (applied < completed.batchCount()) {
            return Optional.of(fail(run, "only " + applied + " of " + completed.batchCount()
                    + " batches were applied; the rest are in the dead-letter service. The cursor was not moved."));
        }
        Set<EntityType> failedTypes = completed.failedEntityTypes().keySet();
        if (run.mode() == PullMode.FULL) {
            // A type the connector could not read is never swept: what it did not return was not read, not deleted.
            sweep(run, completed.completeSnapshots().stream().filter(t -> !failedTypes.contains(t)).toList(), markers);
        }
        Map<String, String> entityStatus = EntityOutcomes.statuses(entityTypesOf(run.runId()), completed.failedEntityTypes());
        Instant now = clock.instant();
        Map<String, String> cursorAfter = new HashMap<>(run.cursorBefore());
        Instant newestChange = markers.stream().filter(m -> !Boolean.TRUE.equals(m.getBoolean("skipped")))
                .map(m -> FirestoreValues.instant(m, IntegrationFreshness.MARKER_FIELD)).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder()).orElse(null);
        DocumentReference freshnessRef = firestore.collection(IntegrationFreshness.COLLECTION).document(run.integrationId());
        await(firestore.runTransaction(tx -> {
            DocumentSnapshot current = tx.get(runs.reference(run.runId())).get();
            SyncRun fresh = SyncRuns.fromDocument(current);
            if (!fresh.status().active()) {
                return null;
            }
            DocumentSnapshot freshness = newestChange == null ? null : tx.get(freshnessRef).get();
            Map<EntityType, DocumentSnapshot> stored = new HashMap<>();
            Map<EntityType, String> moving = new HashMap<>(completed.cursorAfter());
            // A failed type keeps its cursor even if a connector sent one: its retry must read the same window again.
            moving.keySet().removeAll(failedTypes);
            for (EntityType type : moving.keySet()) {
                stored.put(type, tx.get(cursors.reference(run.integrationId(), type)).get());
            }
            for (Map.Entry<EntityType, String> entry : moving.entrySet()) {
                DocumentSnapshot previous = stored.get(entry.getKey());
                String old = previous.exists() ? previous.getString("cursor") : null;
                String next = forward(old, entry.getValue());
                cursorAfter.put(entry.getKey().collection(), next);
                tx.set(cursors.reference(run.integrationId(), entry.getKey()),
                        SyncCursors.toDocument(new SyncCursor(run.integrationId(), entry.getKey(), next, now, run.runId())));
            }
            RunStatus status = fresh.counts().failed() > 0 || !failedTypes.isEmpty() ? RunStatus.PARTIAL : RunStatus.SUCCEEDED;
            Map<String, Object> update = new HashMap<>();
            update.put("status", status.value());
            update.put("finishedAt", timestamp(now));
            update.put("heartbeatAt", timestamp(now));
            update.put("cursorAfter", cursorAfter);
            update.put(EntityOutcomes.STATUS, entityStatus);
            update.put(EntityOutcomes.ERRORS, EntityOutcomes.errors(completed.failedEntityTypes()));
            List<String> problems = new java.util.ArrayList<>();
            if (!failedTypes.isEmpty()) {
                problems.add(EntityOutcomes.describe(completed.failedEntityTypes()));
            }
            if (fresh.counts().failed() > 0) {
                problems.add(fresh.counts().failed() + " records could not be normalized; see the dead-letter service");
            }
            update.put("error", problems.isEmpty() ? null : String.join("; ", problems));
            tx.update(runs.reference(run.runId()), update);
            Instant before = freshness == null ? null : FirestoreValues.instant(freshness, "newestChangeAt");
            if (newestChange != null && (before == null || newestChange.isAfter(before))) {
                // Only forward: a run that re-reads an older window does not make the roster look staler.
                tx.set(freshnessRef, Map.of("integrationId", run.integrationId(), "newestChangeAt", timestamp(newestChange),
                        "runId", run.runId(), "updatedAt", timestamp(now)));
            }
            return null;
        }));
        SyncRun finished = load(run.runId());
        log.info("run {} {}: {}", run.runId(), finished.status().value(), finished.counts());
        return Optional.of(finished);
    }

    /** @return the failed run, or empty when it had already ended */
    public Optional<SyncRun> failed(PullFailed failed) {
        SyncRun run = load(failed.runId());
        if (!run.status().active()) {
            return Optional.empty();
        }
        SyncRun ended = fail(run, failed.reason() + " [" + failed.errorClass() + "]");
        if (TRANSIENT.contains(failed.errorClass())) {
            // The connector kept the command in its DLT: a replay pulls again under this run, which then reopens.
            await(runs.reference(run.runId()).update(Map.of(RESUMABLE, true)));
        }
        return Optional.of(ended);
    }

    /**
     * Reopens a run that failed for a passing SIS error when results of its replayed command arrive, so the replay
     * applies its data (once: batch markers still hold) and moves the cursor as the run would have.
     */
    public void reopenIfResumable(String runId) {
        boolean reopened = await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(runs.reference(runId)).get();
            if (!doc.exists() || !RunStatus.FAILED.value().equals(doc.getString("status")) || !Boolean.TRUE.equals(doc.getBoolean(RESUMABLE))) {
                return false;
            }
            Instant now = clock.instant();
            Map<String, Object> update = new HashMap<>();
            update.put("status", RunStatus.RUNNING.value());
            update.put(RESUMABLE, false);
            update.put("finishedAt", null);
            update.put("reopenedAt", timestamp(now));
            update.put("heartbeatAt", timestamp(now));
            update.put("error", "reopened by a replay of its command after: " + doc.getString("error"));
            tx.update(runs.reference(runId), update);
            return true;
        }));
        if (reopened) {
            log.info("run {} reopened: its dead-lettered command was replayed", runId);
        }
    }

    /** Fails a run that is still active; the cursors stay where they were. */
    public SyncRun fail(SyncRun run, String reason) {
        Instant now = clock.instant();
        await(firestore.runTransaction(tx -> {
            DocumentSnapshot current = tx.get(runs.reference(run.runId())).get();
            if (RunStatus.fromValue(current.getString("status")).active()) {
                tx.update(runs.reference(run.runId()), Map.of("status", RunStatus.FAILED.value(), "error", reason,
                        "finishedAt", timestamp(now), "heartbeatAt", timestamp(now)));
            }
            return null;
        }));
        log.warn("run {} failed: {}", run.runId(), reason);
        return load(run.runId());
    }

    /**
     * After a full pull, records the SIS no longer returned are deleted there: tombstone them, so a delete
     * never becomes a silent gap. Idempotent: a record already tombstoned is left alone.
     */
    private void sweep(SyncRun run, List<EntityType> completeSnapshots, List<QueryDocumentSnapshot> markers) {
        Instant now = clock.instant();
        for (EntityType type : completeSnapshots) {
            Set<String> seen = new HashSet<>();
            for (QueryDocumentSnapshot marker : markers) {
                if (type.collection().equals(marker.getString("entityType"))) {
                    @SuppressWarnings("unchecked")
                    List<String> ids = (List<String>) marker.get("ids");
                    if (ids != null) {
                        seen.addAll(ids);
                    }
                }
            }
            WriteBatch batch = firestore.batch();
            int pending = 0;
            long swept = 0;
            // Only live records, and only their names: listing every document (listDocuments) pages so slowly at
            // district scale that completion stalled for minutes at 30,000 enrollments.
            var live = RosterDocuments.collection(firestore, run.integrationId(), type)
                    .whereEqualTo(RosterDocuments.SYNC + ".tombstone", false)
                    .select(com.google.cloud.firestore.FieldPath.documentId(), com.google.cloud.firestore.FieldPath.of("status"));
            for (QueryDocumentSnapshot doc : await(live.get()).getDocuments()) {
                if (seen.contains(doc.getId())) {
                    continue;
                }
                batch.update(doc.getReference(), RosterDocuments.tombstone(run.runId(), now));
                // Only the status is read here (reading every swept record whole would slow a big sweep): the trail
                // says the record was swept as missing from the snapshot; its attributes stay on the record itself.
                batch.set(io.rostersync.orchestrator.trail.RecordHistory.reference(doc.getReference(), run.runId()),
                        io.rostersync.orchestrator.trail.RecordHistory.entry(run.runId(), "deleted",
                                Map.of("status", String.valueOf(doc.getString("status"))), Map.of("status", "tobedeleted"), List.of(), now));
                pending += 2;
                swept++;
                if (pending >= 400) {
                    await(batch.commit());
                    batch = firestore.batch();
                    pending = 0;
                }
            }
            if (swept > 0) {
                String prefix = "entityCounts." + type.collection() + ".";
                batch.update(runs.reference(run.runId()), Map.of("counts.deleted", FieldValue.increment(swept),
                        prefix + "deleted", FieldValue.increment(swept)));
                await(batch.commit());
                log.info("run {}: {} {} missing from the full snapshot were tombstoned", run.runId(), swept, type.collection());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<EntityType> entityTypesOf(String runId) {
        List<String> types = (List<String>) await(runs.reference(runId).get()).get("entityTypes");
        return types == null || types.isEmpty() ? List.of(EntityType.values()) : types.stream().map(EntityType::fromCollection).toList();
    }

    private SyncRun load(String runId) {
        return runs.find(runId).orElseThrow(() -> new PermanentFailureException("run " + runId + " does not exist"));
    }

    /** The later of two cursors: instants compare as time, change versions as numbers; never moves back. */
    static String forward(String old, String candidate) {
        if (old == null) {
            return candidate;
        }
        if (candidate == null) {
            return old;
        }
        try {
            return Instant.parse(candidate).isAfter(Instant.parse(old)) ? candidate : old;
        } catch (DateTimeParseException notInstants) {
            try {
                return new BigInteger(candidate).compareTo(new BigInteger(old)) > 0 ? candidate : old;
            } catch (NumberFormatException notNumbers) {
                return candidate.compareTo(old) > 0 ? candidate : old;
            }
        }
    }

}
