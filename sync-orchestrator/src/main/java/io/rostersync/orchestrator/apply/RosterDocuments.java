package io.rostersync.orchestrator.apply;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordHash;
import io.rostersync.core.roster.RosterRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The Firestore form of a roster record at {@code integrations/{id}/{entityType}/{sourcedId}}: the canonical
 * fields at the top level, and {@code _sync} with what the engine needs (base snapshot, remote hash,
 * etag, timestamps, last run, tombstone).
 */
final class RosterDocuments {

    static final String SYNC = "_sync";

    private RosterDocuments() {
    }

    static CollectionReference collection(Firestore firestore, String integrationId, EntityType type) {
        return firestore.collection(Integrations.COLLECTION).document(integrationId).collection(type.collection());
    }

    static DocumentReference reference(Firestore firestore, String integrationId, EntityType type, String sourcedId) {
        return collection(firestore, integrationId, type).document(sourcedId);
    }

    /** Fields of the document that are not canonical attributes of the record. */
    static final java.util.Set<String> RESERVED = java.util.Set.of("sourcedId", "status", "dateLastModified", SYNC);

    /** The record's canonical attributes as stored: everything but the reserved fields. */
    static Map<String, Object> attributes(com.google.cloud.firestore.DocumentSnapshot doc) {
        Map<String, Object> attributes = new java.util.TreeMap<>();
        Map<String, Object> data = doc.getData();
        if (data != null) {
            data.forEach((k, v) -> {
                if (!RESERVED.contains(k)) {
                    attributes.put(k, v);
                }
            });
        }
        return attributes;
    }

    /** The record's status and canonical attributes as stored: what a change history compares. */
    static Map<String, Object> content(com.google.cloud.firestore.DocumentSnapshot doc) {
        Map<String, Object> content = attributes(doc);
        content.put("status", doc.getString("status"));
        return content;
    }

    static Map<String, Object> toDocument(RosterRecord record, String runId, Instant now) {
        return toDocument(record, record.attributes(), record.attributes(), null, runId, now);
    }

    /**
     * @param attributes what the record holds after apply (the remote version, or the result of a merge)
     * @param base the base snapshot to keep (the remote version, except fields held in conflict)
     * @param localUpdatedAt the last local edit, kept so newest-wins can compare; null if never edited
     */
    static Map<String, Object> toDocument(RosterRecord record, Map<String, Object> attributes, Map<String, Object> base,
                                          Instant localUpdatedAt, String runId, Instant now) {
        Map<String, Object> doc = new HashMap<>(attributes);
        doc.put("sourcedId", record.sourcedId());
        doc.put("status", record.status().value());
        doc.put("dateLastModified", FirestoreValues.timestamp(record.dateLastModified()));
        Map<String, Object> sync = new HashMap<>();
        sync.put("baseSnapshot", base);
        // The SIS version as received, whatever was held locally: a resolution rebases the record on it.
        sync.put("remoteSnapshot", record.attributes());
        sync.put("localUpdatedAt", FirestoreValues.timestamp(localUpdatedAt));
        sync.put("remoteHash", RecordHash.of(record));
        sync.put("remoteUpdatedAt", FirestoreValues.timestamp(record.dateLastModified()));
        sync.put("etag", record.etag());
        sync.put("lastRunId", runId);
        sync.put("appliedAt", FirestoreValues.timestamp(now));
        sync.put("tombstone", record.deleted());
        doc.put(SYNC, sync);
        return doc;
    }

    /** A tombstone for a record the SIS deleted without sending it (Ed-Fi deletes, a full-snapshot sweep). */
    static Map<String, Object> tombstone(String runId, Instant now) {
        Map<String, Object> update = new HashMap<>();
        update.put("status", "tobedeleted");
        update.put(SYNC + ".tombstone", true);
        // The SIS version is gone: a later re-appearance of the same content must count as a change.
        update.put(SYNC + ".remoteHash", "tombstone");
        update.put(SYNC + ".lastRunId", runId);
        update.put(SYNC + ".appliedAt", FirestoreValues.timestamp(now));
        return update;
    }
}
