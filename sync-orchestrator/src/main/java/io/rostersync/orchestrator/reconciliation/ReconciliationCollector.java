package io.rostersync.orchestrator.reconciliation;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.SyncRecordsMessage;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordHash;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what the SIS sends for a reconciliation with Firestore, batch by batch, and writes the drift report at
 * the end. Nothing is applied. Each batch's findings are kept at {@code reconciliations/{id}/batches/{seq}}, so a
 * redelivered batch writes the same findings again and the report counts it once.
 */
public class ReconciliationCollector {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationCollector.class);
    /** Ids listed per kind of drift and entity type; the counts stay exact beyond it. */
    static final int MAX_IDS = 500;
    private static final java.util.Set<String> RESERVED = java.util.Set.of("sourcedId", "status", "dateLastModified", "_sync");

    private final Firestore firestore;
    private final Reconciliations reconciliations;
    private final Clock clock;

    public ReconciliationCollector(Firestore firestore, Reconciliations reconciliations, Clock clock) {
        this.firestore = firestore;
        this.reconciliations = reconciliations;
        this.clock = clock;
    }

    public void handle(SyncRecordsMessage message) {
        DocumentReference ref = reconciliations.reference(message.runId());
        DocumentSnapshot doc = await(ref.get());
        if (!doc.exists() || !"running".equals(doc.getString("status"))) {
            log.info("result for reconciliation {} ignored: it is {}", message.runId(), doc.exists() ? doc.getString("status") : "unknown");
            return;
        }
        if (message instanceof RecordBatch batch) {
            compare(ref, batch);
        } else if (message instanceof PullCompleted done) {
            report(ref, doc, done);
        } else if (message instanceof PullFailed failed) {
            await(ref.update(Map.of("status", "failed", "error", failed.reason() + " [" + failed.errorClass() + "]",
                    "finishedAt", timestamp(clock.instant()))));
        } else {
            log.warn("unexpected {} for reconciliation {}", message.getClass().getSimpleName(), message.runId());
        }
    }

    private void compare(DocumentReference ref, RecordBatch batch) {
        List<String> seen = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        Map<String, DocumentSnapshot> stored = new HashMap<>();
        List<DocumentReference> refs = new ArrayList<>();
        batch.records().forEach(r -> refs.add(record(batch.integrationId(), batch.entityType(), r.sourcedId())));
        batch.deletes().forEach(id -> refs.add(record(batch.integrationId(), batch.entityType(), id)));
        if (!refs.isEmpty()) {
            await(firestore.getAll(refs.toArray(DocumentReference[]::new))).forEach(d -> stored.put(d.getId(), d));
        }
        for (RosterRecord sis : batch.records()) {
            DocumentSnapshot here = stored.get(sis.sourcedId());
            boolean live = live(here);
            if (sis.deleted()) {
                if (live) {
                    extra.add(sis.sourcedId());
                }
                continue;
            }
            seen.add(sis.sourcedId());
            if (!live) {
                missing.add(sis.sourcedId());
            } else if (!RecordHash.of(sis).equals(RecordHash.of(asRecord(batch.entityType(), here)))) {
                different.add(sis.sourcedId());
            }
        }
        for (String id : batch.deletes()) {
            if (live(stored.get(id))) {
                extra.add(id);
            }
        }
        Map<String, Object> findings = new HashMap<>();
        findings.put("seq", batch.seq());
        findings.put("entityType", batch.entityType().collection());
        findings.put("seen", seen);
        findings.put("missing", missing);
        findings.put("different", different);
        findings.put("extra", extra);
        await(ref.collection("batches").document(Long.toString(batch.seq())).set(findings));
    }

    @SuppressWarnings("unchecked")
    private void report(DocumentReference ref, DocumentSnapshot doc, PullCompleted done) {
        List<QueryDocumentSnapshot> markers = await(ref.collection("batches").get()).getDocuments();
        if (markers.size() < done.batchCount()) {
            await(ref.update(Map.of("status", "failed", "finishedAt", timestamp(clock.instant()),
                    "error", "only " + markers.size() + " of " + done.batchCount() + " batches arrived; no report")));
            return;
        }
        String integrationId = doc.getString("integrationId");
        Map<String, Set<String>> seen = new HashMap<>();
        Map<String, Drift> drift = new TreeMap<>();
        for (QueryDocumentSnapshot marker : markers) {
            String type = marker.getString("entityType");
            Drift d = drift.computeIfAbsent(type, t -> new Drift());
            List<String> ids = (List<String>) marker.get("seen");
            seen.computeIfAbsent(type, t -> new HashSet<>()).addAll(ids);
            d.sisRecords += ids.size();
            d.missing.addAll((List<String>) marker.get("missing"));
            d.different.addAll((List<String>) marker.get("different"));
            d.extra.addAll((List<String>) marker.get("extra"));
        }
        Map<String, Object> entities = new TreeMap<>();
        long total = 0;
        List<String> unread = new ArrayList<>();
        for (EntityType type : EntityType.values()) {
            if (done.failedEntityTypes().containsKey(type)) {
                unread.add(type.collection() + ": " + done.failedEntityTypes().get(type));
                continue;
            }
            Drift d = drift.computeIfAbsent(type.collection(), t -> new Drift());
            List<QueryDocumentSnapshot> live = await(firestore.collection(Integrations.COLLECTION).document(integrationId)
                    .collection(type.collection()).whereEqualTo("_sync.tombstone", false).select(FieldPath.documentId()).get()).getDocuments();
            d.firestoreRecords = live.size();
            if (done.completeSnapshots().contains(type)) {
                // Only a type read in full can show what Firestore has and the SIS does not.
                Set<String> returned = seen.getOrDefault(type.collection(), Set.of());
                live.stream().map(DocumentSnapshot::getId).filter(id -> !returned.contains(id)).forEach(d.extra::add);
            } else {
                d.complete = false;
            }
            if (d.sisRecords == 0 && d.firestoreRecords == 0 && d.count() == 0) {
                continue;
            }
            total += d.count();
            entities.put(type.collection(), d.toDocument());
        }
        Map<String, Object> update = new HashMap<>();
        update.put("status", "completed");
        update.put("finishedAt", timestamp(clock.instant()));
        update.put("entities", entities);
        update.put("drift", total);
        update.put("error", unread.isEmpty() ? null : "not compared: " + String.join("; ", unread));
        await(ref.update(update));
        log.info("reconciliation {} of {}: {} records drifted", ref.getId(), integrationId, total);
    }

    private DocumentReference record(String integrationId, EntityType type, String id) {
        return firestore.collection(Integrations.COLLECTION).document(integrationId).collection(type.collection()).document(id);
    }

    private static boolean live(DocumentSnapshot doc) {
        return doc != null && doc.exists() && !Boolean.TRUE.equals(doc.getBoolean("_sync.tombstone"));
    }

    /** The record as Firestore holds it now, whatever wrote it: a direct change shows up against the SIS's version. */
    private static RosterRecord asRecord(EntityType type, DocumentSnapshot doc) {
        Map<String, Object> attributes = new TreeMap<>();
        doc.getData().forEach((k, v) -> {
            if (!RESERVED.contains(k)) {
                attributes.put(k, v);
            }
        });
        String status = doc.getString("status");
        return new RosterRecord(type, doc.getId(), status == null ? RecordStatus.ACTIVE : RecordStatus.fromValue(status), null, null, attributes);
    }

    private static final class Drift {
        long sisRecords;
        long firestoreRecords;
        boolean complete = true;
        final List<String> missing = new ArrayList<>();
        final List<String> extra = new ArrayList<>();
        final List<String> different = new ArrayList<>();

        long count() {
            return missing.size() + extra.size() + different.size();
        }

        Map<String, Object> toDocument() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("sisRecords", sisRecords);
            doc.put("firestoreRecords", firestoreRecords);
            doc.put("complete", complete);
            doc.put("missingCount", missing.size());
            doc.put("extraCount", extra.size());
            doc.put("differentCount", different.size());
            doc.put("missing", capped(missing));
            doc.put("extra", capped(extra));
            doc.put("different", capped(different));
            return doc;
        }

        private static List<String> capped(List<String> ids) {
            return ids.stream().sorted().limit(MAX_IDS).toList();
        }
    }
}
