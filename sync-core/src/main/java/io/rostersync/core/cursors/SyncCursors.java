package io.rostersync.core.cursors;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.roster.EntityType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The store of cursors at {@code syncCursors/{integrationId}_{entityType}}. */
public class SyncCursors {

    public static final String COLLECTION = "syncCursors";

    private final Firestore firestore;

    public SyncCursors(Firestore firestore) {
        this.firestore = firestore;
    }

    public DocumentReference reference(String integrationId, EntityType type) {
        return firestore.collection(COLLECTION).document(SyncCursor.documentId(integrationId, type));
    }

    /** The stored cursor per entity type; entity types never synced are absent. */
    public Map<EntityType, SyncCursor> forIntegration(String integrationId) {
        Map<EntityType, SyncCursor> cursors = new EnumMap<>(EntityType.class);
        for (DocumentSnapshot doc : await(firestore.collection(COLLECTION).whereEqualTo("integrationId", integrationId).get()).getDocuments()) {
            SyncCursor cursor = fromDocument(doc);
            cursors.put(cursor.entityType(), cursor);
        }
        return cursors;
    }

    public static Map<String, Object> toDocument(SyncCursor cursor) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("integrationId", cursor.integrationId());
        doc.put("entityType", cursor.entityType().collection());
        doc.put("cursor", cursor.cursor());
        doc.put("lastSyncAt", timestamp(cursor.lastSyncAt()));
        doc.put("lastRunId", cursor.lastRunId());
        return doc;
    }

    public static SyncCursor fromDocument(DocumentSnapshot doc) {
        return new SyncCursor(doc.getString("integrationId"), EntityType.fromCollection(doc.getString("entityType")),
                doc.getString("cursor"), instant(doc, "lastSyncAt"), doc.getString("lastRunId"));
    }
}
