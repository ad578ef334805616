package io.rostersync.orchestrator.trail;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts a roster record's trail together: the run that created it, every run that changed it and how, the webhooks that
 * triggered those runs, its local edits, its conflicts, and the dead letters of its runs.
 */
public class RecordTrails {

    /** The most history entries shown, newest first. */
    static final int MAX_CHANGES = 100;
    /** Firestore's limit on values in one {@code in} query. */
    private static final int MAX_IN = 30;

    private final Firestore firestore;
    private final SyncRuns runs;

    public RecordTrails(Firestore firestore, SyncRuns runs) {
        this.firestore = firestore;
        this.runs = runs;
    }

    /** @return the trail, or empty when the record is not (and never was) in Firestore */
    public Optional<Map<String, Object>> trail(String integrationId, EntityType type, String recordId) {
        DocumentReference record = firestore.collection(Integrations.COLLECTION).document(integrationId)
                .collection(type.collection()).document(recordId);
        DocumentSnapshot doc = await(record.get());
        List<QueryDocumentSnapshot> history = await(record.collection(RecordHistory.COLLECTION)
                .orderBy("at", Query.Direction.DESCENDING).limit(MAX_CHANGES).get()).getDocuments();
        if (!doc.exists() && history.isEmpty()) {
            return Optional.empty();
        }
        Set<String> runIds = new LinkedHashSet<>();
        List<Map<String, Object>> changes = new ArrayList<>();
        for (QueryDocumentSnapshot entry : history) {
            String runId = entry.getString("runId");
            runIds.add(runId);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("runId", runId);
            change.put("at", text(entry.get("at")));
            change.put("change", entry.getString("change"));
            change.put("fields", entry.get("fields"));
            change.put("conflictFields", entry.get("conflictFields"));
            change.put("run", run(runId));
            changes.add(change);
        }
        Map<String, Object> trail = new LinkedHashMap<>();
        trail.put("integrationId", integrationId);
        trail.put("entityType", type.collection());
        trail.put("recordId", recordId);
        trail.put("exists", doc.exists());
        trail.put("status", doc.getString("status"));
        String createdRunId = doc.getString("_sync." + RecordHistory.CREATED_RUN_ID);
        trail.put("created", createdRunId == null ? null : Map.of("runId", createdRunId, "run", run(createdRunId)));
        if (createdRunId != null) {
            runIds.add(createdRunId);
        }
        trail.put("changes", changes);
        trail.put("localEdits", localEdits(integrationId, type, recordId));
        trail.put("conflicts", conflicts(integrationId, type, recordId));
        trail.put("deadLetters", deadLetters(integrationId, new ArrayList<>(runIds)));
        return Optional.of(trail);
    }

    private Map<String, Object> run(String runId) {
        DocumentSnapshot doc = await(runs.reference(runId).get());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("runId", runId);
        if (!doc.exists()) {
            return run;
        }
        run.put("runType", doc.getString("runType"));
        run.put("mode", doc.getString("mode"));
        run.put("status", doc.getString("status"));
        run.put("requestedBy", doc.getString("requestedBy"));
        run.put("triggerId", doc.getString("triggerId"));
        run.put("correlationId", SyncRun.correlationIdOf(runId, doc.getString("triggerId")));
        Object webhooks = doc.get("webhookIds");
        run.put("webhookIds", webhooks == null ? List.of() : webhooks);
        return run;
    }

    private List<Map<String, Object>> localEdits(String integrationId, EntityType type, String recordId) {
        List<Map<String, Object>> edits = new ArrayList<>();
        for (QueryDocumentSnapshot doc : await(firestore.collection(Integrations.COLLECTION).document(integrationId).collection("outbox")
                .whereEqualTo("sourcedId", recordId).get()).getDocuments()) {
            if (!type.collection().equals(doc.getString("entityType"))) {
                continue;
            }
            Map<String, Object> edit = new LinkedHashMap<>();
            edit.put("changeId", doc.getId());
            edit.put("fields", doc.get("fields"));
            edit.put("changedBy", doc.getString("changedBy"));
            edit.put("changedAt", text(doc.get("changedAt")));
            edit.put("status", doc.getString("status"));
            edits.add(edit);
        }
        return edits;
    }

    private List<Map<String, Object>> conflicts(String integrationId, EntityType type, String recordId) {
        List<Map<String, Object>> conflicts = new ArrayList<>();
        for (QueryDocumentSnapshot doc : await(firestore.collection("syncConflicts").whereEqualTo("integrationId", integrationId)
                .whereEqualTo("recordId", recordId).get()).getDocuments()) {
            if (!type.collection().equals(doc.getString("entityType"))) {
                continue;
            }
            Map<String, Object> conflict = new LinkedHashMap<>();
            conflict.put("conflictId", doc.getId());
            conflict.put("status", doc.getString("status"));
            conflict.put("runId", doc.getString("runId"));
            conflict.put("fields", doc.get("fields"));
            conflicts.add(conflict);
        }
        return conflicts;
    }

    /** Dead letters keyed by one of the record's runs ({@code sync.records} is keyed by run id). */
    private List<Map<String, Object>> deadLetters(String integrationId, List<String> runIds) {
        List<Map<String, Object>> letters = new ArrayList<>();
        for (int from = 0; from < runIds.size(); from += MAX_IN) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + MAX_IN));
            for (QueryDocumentSnapshot doc : await(firestore.collection("syncDeadLetters").whereIn("key", new ArrayList<>(chunk)).get()).getDocuments()) {
                if (doc.getString("integrationId") != null && !integrationId.equals(doc.getString("integrationId"))) {
                    continue;
                }
                Map<String, Object> letter = new LinkedHashMap<>();
                letter.put("id", doc.getId());
                letter.put("runId", doc.getString("key"));
                letter.put("topic", doc.getString("originalTopic"));
                letter.put("status", doc.getString("status"));
                letter.put("error", doc.getString("error"));
                Object headers = doc.get("headers");
                letter.put("correlationId", headers instanceof Map<?, ?> map ? map.get(CorrelationId.HEADER) : null);
                letters.add(letter);
            }
        }
        return letters;
    }

    private static String text(Object value) {
        return value instanceof Timestamp t ? t.toDate().toInstant().toString() : value == null ? null : value.toString();
    }
}
