package io.rostersync.core.deadletters;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The store of dead letters at {@code syncDeadLetters/{id}}. */
public class SyncDeadLetters {

    public static final String COLLECTION = "syncDeadLetters";
    /** Firestore's limit of writes in one batch or transaction. */
    public static final int MAX_WRITES = 500;

    private final Firestore firestore;

    public SyncDeadLetters(Firestore firestore) {
        this.firestore = firestore;
    }

    /**
     * What to list or replay; every field may be null (no restriction).
     *
     * @param from inclusive lower bound of {@code receivedAt}
     * @param to exclusive upper bound of {@code receivedAt}
     */
    public record Filter(String topic, String integrationId, String exceptionClass, String status, Instant from, Instant to) {
        public static final Filter ALL = new Filter(null, null, null, null, null, null);
    }

    /** One page and the cursor of the next (null when this was the last). */
    public record Page(List<SyncDeadLetter> items, String nextCursor) {
    }

    public Optional<SyncDeadLetter> find(String id) {
        DocumentSnapshot doc = await(ref(id).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    /** @return true when this call stored it; false when a redelivery found it stored already */
    public boolean createIfAbsent(SyncDeadLetter letter) {
        return await(firestore.runTransaction(tx -> {
            var ref = ref(letter.id());
            if (tx.get(ref).get().exists()) {
                return false;
            }
            tx.create(ref, toDocument(letter));
            return true;
        }));
    }

    public List<SyncDeadLetter> page(String integrationId, String status, int limit) {
        return page(new Filter(null, integrationId, null, status, null, null), null, limit).items();
    }

    /**
     * Newest first. {@code after} is the id of the last letter of the previous page (the {@code nextCursor});
     * an id that no longer exists restarts from the top rather than failing.
     */
    public Page page(Filter filter, String after, int limit) {
        Query query = filtered(filter).orderBy("receivedAt", Query.Direction.DESCENDING)
                .orderBy(FieldPath.documentId(), Query.Direction.DESCENDING);
        if (after != null) {
            DocumentSnapshot last = await(ref(after).get());
            if (last.exists()) {
                query = query.startAfter(last);
            }
        }
        List<DocumentSnapshot> docs = new ArrayList<>(await(query.limit(limit).get()).getDocuments());
        List<SyncDeadLetter> items = docs.stream().map(SyncDeadLetters::fromDocument).toList();
        return new Page(items, items.size() == limit ? items.get(items.size() - 1).id() : null);
    }

    /** How many letters match (a count aggregation, not a read of every document). */
    public long count(Filter filter) {
        return await(filtered(filter).count().get()).getCount();
    }

    /** Up to {@code limit} ids matching the filter, oldest first, after the given id (null: from the start). */
    public List<String> idsAfter(Filter filter, String afterId, int limit) {
        Query query = filtered(filter).orderBy("receivedAt").orderBy(FieldPath.documentId());
        if (afterId != null) {
            DocumentSnapshot last = await(ref(afterId).get());
            if (last.exists()) {
                query = query.startAfter(last);
            }
        }
        return await(query.select("receivedAt").limit(limit).get()).getDocuments().stream().map(DocumentSnapshot::getId).toList();
    }

    /** Pending letters whose scheduled retry is due, and retrying ones whose lease ran out (their replica died). */
    public List<String> dueForRetry(Instant now, int limit) {
        List<String> ids = new ArrayList<>();
        await(firestore.collection(COLLECTION).whereEqualTo("status", SyncDeadLetter.PENDING)
                .whereLessThanOrEqualTo("nextRetryAt", timestamp(now)).orderBy("nextRetryAt").limit(limit).get())
                .getDocuments().forEach(d -> ids.add(d.getId()));
        await(firestore.collection(COLLECTION).whereEqualTo("status", SyncDeadLetter.RETRYING)
                .whereLessThanOrEqualTo("leaseUntil", timestamp(now)).limit(limit).get())
                .getDocuments().forEach(d -> ids.add(d.getId()));
        return ids;
    }

    /**
     * Claims letters in one transaction: each that {@code claimable} accepts, or whose {@code retrying} lease has
     * expired, becomes {@code retrying} until {@code now + lease}. Two replicas claiming the same letter: one wins,
     * the other's transaction re-reads it as {@code retrying} and leaves it. At most {@link #MAX_WRITES} ids.
     *
     * @return the claimed letters as they are now
     */
    public List<SyncDeadLetter> claim(List<String> ids, Predicate<SyncDeadLetter> claimable, Instant now, Duration lease) {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > MAX_WRITES) {
            throw new IllegalArgumentException("at most " + MAX_WRITES + " letters per claim, got " + ids.size());
        }
        Instant until = now.plus(lease);
        return await(firestore.runTransaction(tx -> {
            DocumentReference[] refs = ids.stream().map(this::ref).toArray(DocumentReference[]::new);
            List<SyncDeadLetter> claimed = new ArrayList<>();
            for (DocumentSnapshot doc : tx.getAll(refs).get()) {
                if (!doc.exists()) {
                    continue;
                }
                SyncDeadLetter letter = fromDocument(doc);
                boolean expiredLease = SyncDeadLetter.RETRYING.equals(letter.status())
                        && (letter.leaseUntil() == null || !letter.leaseUntil().isAfter(now));
                if (expiredLease || (!SyncDeadLetter.RETRYING.equals(letter.status()) && claimable.test(letter))) {
                    tx.update(doc.getReference(), Map.of("status", SyncDeadLetter.RETRYING, "leaseUntil", timestamp(until)));
                    claimed.add(new SyncDeadLetter(letter.id(), letter.originalTopic(), letter.originalPartition(),
                            letter.originalOffset(), letter.key(), letter.integrationId(), letter.eventId(), letter.eventType(),
                            letter.headers(), letter.payloadBase64(), letter.exceptionClass(), letter.error(), letter.attempts(),
                            letter.retryCount(), letter.nextRetryAt(), SyncDeadLetter.RETRYING, letter.failedAt(),
                            letter.receivedAt(), until, letter.lastReplayedAt(), letter.payloadEdited()));
                }
            }
            return claimed;
        }));
    }

    /** Marks claimed letters republished: {@code replayed}, retry count up by one, lease and schedule cleared. */
    public void markReplayed(List<SyncDeadLetter> letters, Instant now) {
        for (int i = 0; i < letters.size(); i += MAX_WRITES) {
            WriteBatch batch = firestore.batch();
            for (SyncDeadLetter letter : letters.subList(i, Math.min(letters.size(), i + MAX_WRITES))) {
                Map<String, Object> fields = new HashMap<>();
                fields.put("status", SyncDeadLetter.REPLAYED);
                fields.put("retryCount", letter.retryCount() + 1);
                fields.put("lastReplayedAt", timestamp(now));
                fields.put("leaseUntil", null);
                fields.put("nextRetryAt", null);
                batch.update(ref(letter.id()), fields);
            }
            await(batch.commit());
        }
    }

    /** Sets the given fields of one letter (status changes decided by the caller); false if it does not exist. */
    public boolean update(String id, Map<String, Object> fields) {
        return await(firestore.runTransaction(tx -> {
            DocumentReference ref = ref(id);
            if (!tx.get(ref).get().exists()) {
                return false;
            }
            Map<String, Object> converted = new HashMap<>();
            fields.forEach((k, v) -> converted.put(k, v instanceof Instant t ? timestamp(t) : v));
            tx.update(ref, converted);
            return true;
        }));
    }

    /**
     * Changes a letter in a transaction when {@code allowed} accepts its current state.
     *
     * @return the letter after the change; empty if it does not exist
     * @throws IllegalStateException with the reason when {@code allowed} refuses
     */
    public Optional<SyncDeadLetter> change(String id, Predicate<SyncDeadLetter> allowed, String refusal, Map<String, Object> fields) {
        boolean found = await(firestore.runTransaction(tx -> {
            DocumentReference ref = ref(id);
            DocumentSnapshot doc = tx.get(ref).get();
            if (!doc.exists()) {
                return false;
            }
            SyncDeadLetter letter = fromDocument(doc);
            if (!allowed.test(letter)) {
                throw new IllegalStateException("dead letter '" + id + "' is " + letter.status() + ": " + refusal);
            }
            Map<String, Object> converted = new HashMap<>();
            fields.forEach((k, v) -> converted.put(k, v instanceof Instant t ? timestamp(t) : v));
            tx.update(ref, converted);
            return true;
        }));
        return found ? find(id) : Optional.empty();
    }

    private DocumentReference ref(String id) {
        return firestore.collection(COLLECTION).document(id);
    }

    private Query filtered(Filter filter) {
        Query query = firestore.collection(COLLECTION);
        if (filter.topic() != null) {
            query = query.whereEqualTo("originalTopic", filter.topic());
        }
        if (filter.integrationId() != null) {
            query = query.whereEqualTo("integrationId", filter.integrationId());
        }
        if (filter.exceptionClass() != null) {
            query = query.whereEqualTo("exceptionClass", filter.exceptionClass());
        }
        if (filter.status() != null) {
            query = query.whereEqualTo("status", filter.status());
        }
        if (filter.from() != null) {
            query = query.whereGreaterThanOrEqualTo("receivedAt", timestamp(filter.from()));
        }
        if (filter.to() != null) {
            query = query.whereLessThan("receivedAt", timestamp(filter.to()));
        }
        return query;
    }

    public static Map<String, Object> toDocument(SyncDeadLetter d) {
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
        doc.put("leaseUntil", timestamp(d.leaseUntil()));
        doc.put("lastReplayedAt", timestamp(d.lastReplayedAt()));
        doc.put("payloadEdited", d.payloadEdited());
        return doc;
    }

    @SuppressWarnings("unchecked")
    static SyncDeadLetter fromDocument(DocumentSnapshot doc) {
        Long partition = doc.getLong("originalPartition");
        Long offset = doc.getLong("originalOffset");
        Long attempts = doc.getLong("attempts");
        Long retries = doc.getLong("retryCount");
        Boolean edited = doc.getBoolean("payloadEdited");
        return new SyncDeadLetter(doc.getId(), doc.getString("originalTopic"), partition == null ? -1 : partition.intValue(),
                offset == null ? -1 : offset, doc.getString("key"), doc.getString("integrationId"), doc.getString("eventId"),
                doc.getString("eventType"), (Map<String, String>) doc.get("headers"), doc.getString("payloadBase64"),
                doc.getString("exceptionClass"), doc.getString("error"), attempts == null ? 0 : attempts.intValue(),
                retries == null ? 0 : retries.intValue(), instant(doc, "nextRetryAt"), doc.getString("status"),
                instant(doc, "failedAt"), instant(doc, "receivedAt"), instant(doc, "leaseUntil"),
                instant(doc, "lastReplayedAt"), Boolean.TRUE.equals(edited));
    }
}
