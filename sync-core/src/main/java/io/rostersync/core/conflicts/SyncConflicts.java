package io.rostersync.core.conflicts;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.map;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import io.rostersync.core.roster.EntityType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store of conflicts at {@code syncConflicts/{conflictId}}. */
public class SyncConflicts {

    public static final String COLLECTION = "syncConflicts";

    private final Firestore firestore;

    public SyncConflicts(Firestore firestore) {
        this.firestore = firestore;
    }

    public Optional<SyncConflict> find(String conflictId) {
        DocumentSnapshot doc = await(firestore.collection(COLLECTION).document(conflictId).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    /**
     * Stores the conflict unless its id is already stored (conflict ids are deterministic, so a redelivered
     * event finds its twin).
     *
     * @return true when this call created it
     */
    public boolean createIfAbsent(SyncConflict conflict) {
        return await(firestore.runTransaction(tx -> {
            var ref = firestore.collection(COLLECTION).document(conflict.conflictId());
            if (tx.get(ref).get().exists()) {
                return false;
            }
            tx.create(ref, toDocument(conflict));
            return true;
        }));
    }

    public List<SyncConflict> page(String integrationId, String status, int limit) {
        Query query = firestore.collection(COLLECTION);
        if (integrationId != null) {
            query = query.whereEqualTo("integrationId", integrationId);
        }
        if (status != null) {
            query = query.whereEqualTo("status", status);
        }
        return await(query.orderBy("detectedAt", Query.Direction.DESCENDING).limit(limit).get()).getDocuments()
                .stream().map(SyncConflicts::fromDocument).toList();
    }

    static Map<String, Object> toDocument(SyncConflict c) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("conflictId", c.conflictId());
        doc.put("integrationId", c.integrationId());
        doc.put("entityType", c.entityType().collection());
        doc.put("recordId", c.recordId());
        doc.put("runId", c.runId());
        doc.put("status", c.status());
        doc.put("baseSnapshot", c.baseSnapshot());
        doc.put("localSnapshot", c.localSnapshot());
        doc.put("remoteSnapshot", c.remoteSnapshot());
        doc.put("fields", c.fields());
        doc.put("resolution", c.resolution());
        doc.put("resolvedBy", c.resolvedBy());
        doc.put("detectedAt", timestamp(c.detectedAt()));
        doc.put("resolvedAt", timestamp(c.resolvedAt()));
        return doc;
    }

    @SuppressWarnings("unchecked")
    static SyncConflict fromDocument(DocumentSnapshot doc) {
        return new SyncConflict(doc.getId(), doc.getString("integrationId"), EntityType.fromCollection(doc.getString("entityType")),
                doc.getString("recordId"), doc.getString("runId"), doc.getString("status"), map(doc, "baseSnapshot"),
                map(doc, "localSnapshot"), map(doc, "remoteSnapshot"), (List<String>) doc.get("fields"),
                doc.getString("resolution"), doc.getString("resolvedBy"), instant(doc, "detectedAt"), instant(doc, "resolvedAt"));
    }
}
