package io.rostersync.core.deadletters;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store of dead letters at {@code syncDeadLetters/{id}}. */
public class SyncDeadLetters {

    public static final String COLLECTION = "syncDeadLetters";

    private final Firestore firestore;

    public SyncDeadLetters(Firestore firestore) {
        this.firestore = firestore;
    }

    public Optional<SyncDeadLetter> find(String id) {
        DocumentSnapshot doc = await(firestore.collection(COLLECTION).document(id).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    /** @return true when this call stored it; false when a redelivery found it stored already */
    public boolean createIfAbsent(SyncDeadLetter letter) {
        return await(firestore.runTransaction(tx -> {
            var ref = firestore.collection(COLLECTION).document(letter.id());
            if (tx.get(ref).get().exists()) {
                return false;
            }
            tx.create(ref, toDocument(letter));
            return true;
        }));
    }

    public List<SyncDeadLetter> page(String integrationId, String status, int limit) {
        Query query = firestore.collection(COLLECTION);
        if (integrationId != null) {
            query = query.whereEqualTo("integrationId", integrationId);
        }
        if (status != null) {
            query = query.whereEqualTo("status", status);
        }
        return await(query.orderBy("receivedAt", Query.Direction.DESCENDING).limit(limit).get()).getDocuments()
                .stream().map(SyncDeadLetters::fromDocument).toList();
    }

    static Map<String, Object> toDocument(SyncDeadLetter d) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("originalTopic", d.originalTopic());
        doc.put("originalPartition", d.originalPartition());
        doc.put("originalOffset", d.originalOffset());
        doc.put("key", d.key());
        doc.put("integrationId", d.integrationId());
        doc.put("eventId", d.eventId());
        doc.put("eventType", d.eventType());
        doc.put("headers", d.headers());
        doc.put("payloadBase64", d.payloadBase64());
        doc.put("exceptionClass", d.exceptionClass());
        doc.put("error", d.error());
        doc.put("attempts", d.attempts());
        doc.put("retryCount", d.retryCount());
        doc.put("nextRetryAt", timestamp(d.nextRetryAt()));
        doc.put("status", d.status());
        doc.put("failedAt", timestamp(d.failedAt()));
        doc.put("receivedAt", timestamp(d.receivedAt()));
        return doc;
    }

    @SuppressWarnings("unchecked")
    static SyncDeadLetter fromDocument(DocumentSnapshot doc) {
        Long partition = doc.getLong("originalPartition");
        Long offset = doc.getLong("originalOffset");
        Long attempts = doc.getLong("attempts");
        Long retries = doc.getLong("retryCount");
        return new SyncDeadLetter(doc.getId(), doc.getString("originalTopic"), partition == null ? -1 : partition.intValue(),
                offset == null ? -1 : offset, doc.getString("key"), doc.getString("integrationId"), doc.getString("eventId"),
                doc.getString("eventType"), (Map<String, String>) doc.get("headers"), doc.getString("payloadBase64"),
                doc.getString("exceptionClass"), doc.getString("error"), attempts == null ? 0 : attempts.intValue(),
                retries == null ? 0 : retries.intValue(), instant(doc, "nextRetryAt"), doc.getString("status"),
                instant(doc, "failedAt"), instant(doc, "receivedAt"));
    }
}
