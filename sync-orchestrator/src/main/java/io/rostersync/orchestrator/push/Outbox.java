package io.rostersync.orchestrator.push;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.OutboxChange;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.roster.EntityType;
import java.util.List;
import java.util.Map;

/** Local edits waiting to be pushed, at {@code integrations/{id}/outbox/{changeId}}. */
public class Outbox {

    public static final String PENDING = "pending";
    public static final String PUSHED = "pushed";
    public static final String CONFLICT = "conflict";
    public static final String REJECTED = "rejected";

    private final Firestore firestore;

    public Outbox(Firestore firestore) {
        this.firestore = firestore;
    }

    public CollectionReference collection(String integrationId) {
        return firestore.collection("integrations").document(integrationId).collection("outbox");
    }

    /** The oldest pending changes, at most {@code limit}. */
    public List<OutboxChange> pending(String integrationId, int limit) {
        return await(collection(integrationId).whereEqualTo("status", PENDING).orderBy("changedAt").limit(limit).get())
                .getDocuments().stream().map(Outbox::change).toList();
    }

    @SuppressWarnings("unchecked")
    static OutboxChange change(DocumentSnapshot doc) {
        return new OutboxChange(doc.getId(), EntityType.fromCollection(doc.getString("entityType")), doc.getString("sourcedId"),
                doc.getString("etag"), (Map<String, Object>) doc.get("fields"), FirestoreValues.instant(doc, "changedAt"));
    }
}
