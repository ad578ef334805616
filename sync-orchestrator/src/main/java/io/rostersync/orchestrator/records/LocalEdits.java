package io.rostersync.orchestrator.records;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Local edits of roster records: the record and an outbox entry (the change to push to the SIS) are written in
 * one transaction, so an edit is never applied without being queued for push, nor queued without being applied.
 */
public class LocalEdits {

    static final String OUTBOX = "outbox";
    private static final java.util.Set<String> NOT_EDITABLE = java.util.Set.of("sourcedId", "status", "dateLastModified", "_sync");

    private final Firestore firestore;
    private final Clock clock;

    public LocalEdits(Firestore firestore, Clock clock) {
        this.firestore = firestore;
        this.clock = clock;
    }

    /** The outcome of an edit: the change id of its outbox entry, or why it was refused. */
    public record Edit(String changeId, Map<String, Object> record, String refusal, boolean notFound) {
    }

    public Optional<Map<String, Object>> read(String integrationId, EntityType type, String recordId) {
        DocumentSnapshot doc = await(reference(integrationId, type, recordId).get());
        return doc.exists() ? Optional.of(plain(doc.getData())) : Optional.empty();
    }

    /** Firestore timestamps as ISO-8601 strings, so the API shows what JSON clients expect. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(Map<String, Object> data) {
        Map<String, Object> out = new java.util.TreeMap<>();
        data.forEach((k, v) -> out.put(k, plainValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object plainValue(Object value) {
        if (value instanceof com.google.cloud.Timestamp ts) {
            return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()).toString();
        }
        if (value instanceof Map<?, ?> map) {
            return plain((Map<String, Object>) map);
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(LocalEdits::plainValue).toList();
        }
        return value;
    }

    /**
     * @param fields canonical fields and their new values; null removes a field
     */
    public Edit edit(String integrationId, EntityType type, String recordId, Map<String, Object> fields, String editedBy) {
        for (String field : fields.keySet()) {
            if (NOT_EDITABLE.contains(field) || field.startsWith("_") || field.contains(".")) {
                return new Edit(null, null, "field '" + field + "' cannot be edited locally", false);
            }
        }
        if (fields.isEmpty()) {
            return new Edit(null, null, "the body names no field to change", false);
        }
        DocumentReference ref = reference(integrationId, type, recordId);
        Instant now = clock.instant();
        String changeId = "chg-" + UUID.randomUUID();
        return await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(ref).get();
            if (!doc.exists() || Boolean.TRUE.equals(doc.getBoolean("_sync.tombstone"))) {
                return new Edit(null, null, type.collection() + " record '" + recordId + "' does not exist in integration '"
                        + integrationId + "'", true);
            }
            Map<String, Object> update = new HashMap<>();
            fields.forEach((k, v) -> update.put(k, v == null ? com.google.cloud.firestore.FieldValue.delete() : v));
            update.put("_sync.localUpdatedAt", timestamp(now));
            tx.update(ref, update);
            Map<String, Object> outbox = new HashMap<>();
            outbox.put("changeId", changeId);
            outbox.put("entityType", type.collection());
            outbox.put("sourcedId", recordId);
            outbox.put("etag", doc.getString("_sync.etag"));
            outbox.put("fields", new HashMap<>(fields));
            outbox.put("changedAt", timestamp(now));
            outbox.put("changedBy", editedBy);
            outbox.put("status", "pending");
            tx.create(firestore.collection("integrations").document(integrationId).collection(OUTBOX).document(changeId), outbox);
            Map<String, Object> after = new HashMap<>(doc.getData());
            after.putAll(fields);
            after.values().removeIf(java.util.Objects::isNull);
            return new Edit(changeId, plain(after), null, false);
        }));
    }

    private DocumentReference reference(String integrationId, EntityType type, String recordId) {
        return firestore.collection("integrations").document(integrationId).collection(type.collection()).document(recordId);
    }
}
