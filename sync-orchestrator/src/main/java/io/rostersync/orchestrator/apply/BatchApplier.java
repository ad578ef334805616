package io.rostersync.orchestrator.apply;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import io.rostersync.orchestrator.holds.StagedBatches;
import io.rostersync.orchestrator.trail.RecordHistory;
import com.google.cloud.firestore.Transaction;
import io.rostersync.core.events.ConflictDetected;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.Topics;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.kafka.PermanentFailureException;
import io.rostersync.core.roster.RecordHash;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRuns;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one {@link RecordBatch} in one Firestore transaction together with its applied-marker
 * ({@code syncRuns/{runId}/batches/{seq}}) and the run's counts, so a redelivered batch finds its marker
 * and changes nothing, and counts nothing twice.
 */
public class BatchApplier {

    private static final Logger log = LoggerFactory.getLogger(BatchApplier.class);

    private static final String PENDING_CONFLICTS = "conflicts";
    /** Marker field of a batch kept for a guarded run's decision, not yet applied. */
    public static final String STAGED = "staged";
    private static final int SAMPLE_SIZE = 10;

    private final Firestore firestore;
    private final SyncRuns runs;
    private final Integrations integrations;
    private final EventPublisher publisher;
    private final JsonMapper json;
    private final Clock clock;

    public BatchApplier(Firestore firestore, SyncRuns runs, Integrations integrations, EventPublisher publisher, Clock clock) {
        this.firestore = firestore;
        this.runs = runs;
        this.integrations = integrations;
        this.publisher = publisher;
        this.json = EventCodec.defaultMapper();
        this.clock = clock;
    }

    /**
     * @return the counts this call applied; {@link RunCounts#ZERO} for a batch applied before
     * @throws PermanentFailureException when the batch names a run that does not exist
     */
    public RunCounts apply(RecordBatch batch) {
        DocumentReference runRef = runs.reference(batch.runId());
        DocumentReference marker = runRef.collection(SyncRuns.BATCHES).document(Long.toString(batch.seq()));
        ConflictPolicy policy = integrations.find(batch.integrationId())
                .map(i -> new ConflictPolicy(i.conflictPolicy(), i.fieldOwnership())).orElse(ConflictPolicy.MANUAL);
        RunCounts applied = await(firestore.runTransaction(tx -> applyIn(tx, batch, runRef, marker, policy, false)));
        if (applied == null) {
            log.info("batch {} of run {} was applied before; skipped", batch.seq(), batch.runId());
        }
        // Conflicts are published from the marker, after the commit: a redelivered batch (say the publish failed and the
        // batch was retried) publishes them again, and their deterministic ids make that harmless downstream.
        publishConflicts(marker);
        return applied == null ? RunCounts.ZERO : applied;
    }

    /**
     * Works out what the batch would do without touching a roster record, and keeps the batch for later: the marker
     * ({@code staged: true}) carries the projected counts and a sample of ids, {@code syncRuns/{runId}/staged/{seq}}
     * the batch itself. A redelivered batch finds its marker and stages nothing twice.
     *
     * @throws PermanentFailureException when the batch names a run that does not exist
     */
    public void stage(RecordBatch batch) {
        DocumentReference runRef = runs.reference(batch.runId());
        DocumentReference marker = runRef.collection(SyncRuns.BATCHES).document(Long.toString(batch.seq()));
        ConflictPolicy policy = integrations.find(batch.integrationId())
                .map(i -> new ConflictPolicy(i.conflictPolicy(), i.fieldOwnership())).orElse(ConflictPolicy.MANUAL);
        RunCounts projected = await(firestore.runTransaction(tx -> applyIn(tx, batch, runRef, marker, policy, true)));
        if (projected == null) {
            log.info("batch {} of run {} was staged before; skipped", batch.seq(), batch.runId());
        }
    }

    /**
     * Applies every staged batch of the run in order, each in its own transaction as if it had just arrived; a batch
     * applied before (a crash in the middle, a redelivered completion) is skipped by its marker.
     *
     * @return how many batches this call applied
     */
    public int applyStaged(String runId) {
        DocumentReference runRef = runs.reference(runId);
        List<QueryDocumentSnapshot> staged = await(runRef.collection(SyncRuns.BATCHES).whereEqualTo(STAGED, true).get()).getDocuments()
                .stream().sorted(java.util.Comparator.comparingLong(d -> FirestoreValues.longValue(d, "seq"))).toList();
        int applied = 0;
        for (QueryDocumentSnapshot marker : staged) {
            DocumentSnapshot payload = await(StagedBatches.reference(runRef, marker.getId()).get());
            if (!payload.exists()) {
                throw new PermanentFailureException("staged batch " + marker.getId() + " of run " + runId + " has no payload");
            }
            apply(StagedBatches.decode(payload, json));
            applied++;
        }
        StagedBatches.discard(firestore, runRef);
        return applied;
    }

    private void publishConflicts(DocumentReference marker) {
        DocumentSnapshot doc = await(marker.get());
        @SuppressWarnings("unchecked")
        List<String> pending = (List<String>) doc.get(PENDING_CONFLICTS);
        if (pending == null) {
            return;
        }
        for (String text : pending) {
            ConflictDetected conflict = json.readValue(text, ConflictDetected.class);
            publisher.publishAndWait(Topics.SYNC_CONFLICTS, conflict.integrationId(), conflict.conflictId(), conflict.recordId(), conflict);
        }
    }

    /** Same record, same SIS version: same id, so a conflict found again on the next sync is not a second one. */
    static String conflictId(String integrationId, String entityType, String recordId, String remoteHash) {
        return "cf-" + UUID.nameUUIDFromBytes((integrationId + "/" + entityType + "/" + recordId + "/" + remoteHash)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Keeps the run that created the record through every rewrite of it (the record's trail starts there). */
    private static Map<String, Object> createdBy(Map<String, Object> doc, DocumentSnapshot current, String runId) {
        @SuppressWarnings("unchecked")
        Map<String, Object> sync = (Map<String, Object>) doc.get(RosterDocuments.SYNC);
        boolean exists = current != null && current.exists();
        sync.put(RecordHistory.CREATED_RUN_ID, exists ? current.getString(RosterDocuments.SYNC + "." + RecordHistory.CREATED_RUN_ID) : runId);
        return doc;
    }

    private static Map<String, Object> content(String status, Map<String, Object> attributes) {
        Map<String, Object> content = new HashMap<>(attributes);
        content.put("status", status);
        return content;
    }

    /**
     * @param stage true to only work out the batch's effect and keep it (see {@link #stage}); false to apply it, which
     *     also applies a batch staged before
     */
    private RunCounts applyIn(Transaction tx, RecordBatch batch, DocumentReference runRef, DocumentReference marker,
                              ConflictPolicy policy, boolean stage) throws Exception {
        DocumentSnapshot run = tx.get(runRef).get();
        if (!run.exists()) {
            throw new PermanentFailureException("batch " + batch.seq() + " names run " + batch.runId() + ", which does not exist");
        }
        DocumentSnapshot previous = tx.get(marker).get();
        if (previous.exists() && (stage || !Boolean.TRUE.equals(previous.getBoolean(STAGED)))) {
            return null;
        }
        RunStatus status = RunStatus.fromValue(run.getString("status"));
        if (!status.active()) {
            // A straggler after the run was failed or cancelled: applying it would change data outside any live run.
            log.warn("batch {} arrived for run {} which is already {}; not applied", batch.seq(), batch.runId(), status.value());
            tx.set(marker, Map.of("seq", batch.seq(), "skipped", true, "reason", "run already " + status.value()));
            return RunCounts.ZERO;
        }
        String integrationId = run.getString("integrationId");
        Instant now = clock.instant();
        // Staging runs the same decisions as applying, so the projection is what the apply will do; it only writes nothing.
        RosterWrites writes = stage ? RosterWrites.NONE : RosterWrites.to(tx);
        ChangeSample sample = new ChangeSample(SAMPLE_SIZE);

        Set<String> ids = new LinkedHashSet<>();
        batch.records().forEach(r -> ids.add(r.sourcedId()));
        ids.addAll(batch.deletes());
        List<DocumentReference> refs = new ArrayList<>();
        for (String id : ids) {
            refs.add(RosterDocuments.reference(firestore, integrationId, batch.entityType(), id));
        }
        Map<String, DocumentSnapshot> existing = new HashMap<>();
        if (!refs.isEmpty()) {
            for (DocumentSnapshot doc : tx.getAll(refs.toArray(DocumentReference[]::new)).get()) {
                existing.put(doc.getId(), doc);
            }
        }

        long created = 0, updated = 0, deleted = 0, unchanged = 0, conflicts = 0;
        List<String> pendingConflicts = new ArrayList<>();
        for (RosterRecord record : batch.records()) {
            DocumentSnapshot current = existing.get(record.sourcedId());
            DocumentReference ref = RosterDocuments.reference(firestore, integrationId, batch.entityType(), record.sourcedId());
            boolean exists = current != null && current.exists();
            boolean wasTombstone = exists && Boolean.TRUE.equals(current.getBoolean(RosterDocuments.SYNC + ".tombstone"));
            String remoteHash = RecordHash.of(record);
            if (exists && remoteHash.equals(current.getString(RosterDocuments.SYNC + ".remoteHash"))) {
                unchanged++;
                if (record.etag() != null && !record.etag().equals(current.getString(RosterDocuments.SYNC + ".etag"))) {
                    // Same content, new SIS version (a change to something the canonical model does not carry): a push
                    // must be written against the version the SIS now has, or it meets a needless 412.
                    writes.update(ref, Map.of(RosterDocuments.SYNC + ".etag", record.etag()));
                }
                continue;
            }
            Instant localUpdatedAt = exists ? FirestoreValues.instant(current, RosterDocuments.SYNC + ".localUpdatedAt") : null;
            if (exists && !wasTombstone && !record.deleted() && localUpdatedAt != null) {
                // Edited here since the last sync: compare field by field with the base instead of overwriting.
                Map<String, Object> base = FirestoreValues.map(current, RosterDocuments.SYNC + ".baseSnapshot");
                Map<String, Object> local = RosterDocuments.attributes(current);
                ThreeWayMerge.Result merge = ThreeWayMerge.merge(base, local, record.attributes(), policy,
                        record.dateLastModified(), localUpdatedAt);
                writes.set(ref, createdBy(RosterDocuments.toDocument(record, merge.merged(), merge.newBase(), localUpdatedAt, batch.runId(), now),
                        current, batch.runId()));
                writes.set(RecordHistory.reference(ref, batch.runId()), RecordHistory.entry(batch.runId(), "merged",
                        RosterDocuments.content(current), content(record.status().value(), merge.merged()), merge.conflicts(), now));
                updated++;
                sample.updated(record.sourcedId());
                if (merge.hasConflicts()) {
                    conflicts++;
                    pendingConflicts.add(json.writeValueAsString(new ConflictDetected(
                            conflictId(integrationId, batch.entityType().collection(), record.sourcedId(), remoteHash),
                            integrationId, batch.entityType(), record.sourcedId(), batch.runId(), base, local,
                            record.attributes(), merge.conflicts(), now)));
                }
                continue;
            }
            writes.set(ref, createdBy(RosterDocuments.toDocument(record, batch.runId(), now), current, batch.runId()));
            if (exists && !(record.deleted() && wasTombstone)) {
                writes.set(RecordHistory.reference(ref, batch.runId()), RecordHistory.entry(batch.runId(), record.deleted() ? "deleted" : "updated",
                        RosterDocuments.content(current), content(record.status().value(), record.attributes()), List.of(), now));
            }
            if (record.deleted()) {
                if (exists && !wasTombstone) {
                    deleted++;
                    sample.deleted(record.sourcedId());
                } else {
                    unchanged++;
                }
            } else if (!exists) {
                created++;
                sample.created(record.sourcedId());
            } else {
                updated++;
                sample.updated(record.sourcedId());
            }
        }
        for (String id : batch.deletes()) {
            DocumentSnapshot current = existing.get(id);
            if (current != null && current.exists() && !Boolean.TRUE.equals(current.getBoolean(RosterDocuments.SYNC + ".tombstone"))) {
                DocumentReference ref = RosterDocuments.reference(firestore, integrationId, batch.entityType(), id);
                writes.update(ref, RosterDocuments.tombstone(batch.runId(), now));
                Map<String, Object> before = RosterDocuments.content(current);
                Map<String, Object> after = new HashMap<>(before);
                after.put("status", "tobedeleted");
                writes.set(RecordHistory.reference(ref, batch.runId()), RecordHistory.entry(batch.runId(), "deleted", before, after, List.of(), now));
                deleted++;
                sample.deleted(id);
            } else {
                unchanged++;
            }
        }
        long fetched = batch.records().size() + batch.deletes().size();
        RunCounts counts = new RunCounts(fetched, created, updated, deleted, unchanged, conflicts, batch.failedRecords());

        Map<String, Object> markerDoc = new HashMap<>();
        markerDoc.put("seq", batch.seq());
        markerDoc.put("entityType", batch.entityType().collection());
        markerDoc.put("ids", new ArrayList<>(ids));
        markerDoc.put("counts", counts.asMap());
        // How current this leaves the roster: the run's completion moves the integration's freshness to the newest of these.
        batch.records().stream().map(io.rostersync.core.roster.RosterRecord::dateLastModified).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder())
                .ifPresent(newest -> markerDoc.put(io.rostersync.core.freshness.IntegrationFreshness.MARKER_FIELD, timestamp(newest)));
        if (stage) {
            markerDoc.put(STAGED, true);
            markerDoc.put("stagedAt", timestamp(now));
            markerDoc.put("sample", sample.toDocument());
            tx.set(marker, markerDoc);
            tx.set(StagedBatches.reference(runRef, marker.getId()), StagedBatches.encode(batch, json));
            tx.update(runRef, Map.of("heartbeatAt", timestamp(now)));
            return counts;
        }
        markerDoc.put("appliedAt", timestamp(now));
        if (!pendingConflicts.isEmpty()) {
            markerDoc.put(PENDING_CONFLICTS, pendingConflicts);
        }
        tx.set(marker, markerDoc);

        Map<String, Object> increments = new HashMap<>();
        String entityPrefix = "entityCounts." + batch.entityType().collection() + ".";
        counts.asMap().forEach((name, value) -> {
            increments.put("counts." + name, FieldValue.increment(value));
            increments.put(entityPrefix + name, FieldValue.increment(value));
        });
        increments.put("heartbeatAt", timestamp(now));
        tx.update(runRef, increments);
        return counts;
    }
}
