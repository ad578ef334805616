package io.rostersync.core.conflicts;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.map;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import io.rostersync.core.roster.EntityType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The store of conflicts at {@code syncConflicts/{conflictId}}, with their audit trail in the {@code audit} array. */
public class SyncConflicts {

    public static final String COLLECTION = "syncConflicts";
    /** Firestore allows 500 writes per transaction; one conflict is one write. */
    public static final int MAX_PER_TRANSACTION = 500;

    private final Firestore firestore;

    public SyncConflicts(Firestore firestore) {
        this.firestore = firestore;
    }

    /** One page of conflicts, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<SyncConflict> items, String nextCursor) {
    }

    /** What {@link #openAndSupersede} did. */
    public enum Opened { CREATED, CREATED_SUPERSEDED, ALREADY_STORED }

    public Optional<SyncConflict> find(String conflictId) {
        DocumentSnapshot doc = await(firestore.collection(COLLECTION).document(conflictId).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    /** The audit trail of a conflict, oldest first; empty when the conflict is unknown. */
    public List<ConflictAuditEntry> audit(String conflictId) {
        DocumentSnapshot doc = await(firestore.collection(COLLECTION).document(conflictId).get());
        return doc.exists() ? auditOf(doc) : List.of();
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

    /**
     * Writes many conflicts as they are, overwriting any with the same id, in batches of
     * {@link #MAX_PER_TRANSACTION} (seeding and imports; intake uses {@link #openAndSupersede}).
     */
    public void saveAll(List<SyncConflict> all) {
        for (int from = 0; from < all.size(); from += MAX_PER_TRANSACTION) {
            var batch = firestore.batch();
            for (SyncConflict c : all.subList(from, Math.min(all.size(), from + MAX_PER_TRANSACTION))) {
                batch.set(firestore.collection(COLLECTION).document(c.conflictId()), toDocument(c));
            }
            await(batch.commit());
        }
    }

    /**
     * Stores a newly detected open conflict unless its id is already stored, keeping at most one open conflict per
     * record: older open conflicts on the same record become {@code superseded} (pointing at this one). Should this
     * one be older than an open conflict already stored (events out of order), it is stored superseded instead.
     */
    public Opened openAndSupersede(SyncConflict conflict) {
        return await(firestore.runTransaction(tx -> {
            DocumentReference ref = firestore.collection(COLLECTION).document(conflict.conflictId());
            if (tx.get(ref).get().exists()) {
                return Opened.ALREADY_STORED;
            }
            Query sameRecord = firestore.collection(COLLECTION)
                    .whereEqualTo("integrationId", conflict.integrationId())
                    .whereEqualTo("entityType", conflict.entityType().collection())
                    .whereEqualTo("recordId", conflict.recordId())
                    .whereEqualTo("status", SyncConflict.OPEN);
            List<QueryDocumentSnapshot> open = tx.get(sameRecord).get().getDocuments();
            SyncConflict newest = null;
            for (QueryDocumentSnapshot doc : open) {
                SyncConflict other = fromDocument(doc);
                if (isNewer(other, conflict) && (newest == null || isNewer(other, newest))) {
                    newest = other;
                }
            }
            Instant now = conflict.detectedAt();
            Map<String, Object> created = toDocument(conflict);
            if (newest != null) {
                created.put("status", SyncConflict.SUPERSEDED);
                created.put("supersededBy", newest.conflictId());
                created.put("audit", List.of(auditDocument(new ConflictAuditEntry(ConflictAuditEntry.SUPERSEDED, "system",
                        now, null, Map.of(), conflict.localSnapshot(), Map.of(), newest.conflictId()))));
            }
            tx.create(ref, created);
            if (newest == null) {
                for (QueryDocumentSnapshot doc : open) {
                    Map<String, Object> update = new HashMap<>();
                    update.put("status", SyncConflict.SUPERSEDED);
                    update.put("supersededBy", conflict.conflictId());
                    update.put("audit", FieldValue.arrayUnion(auditDocument(new ConflictAuditEntry(ConflictAuditEntry.SUPERSEDED,
                            "system", now, null, Map.of(), map(doc, "localSnapshot"), Map.of(), conflict.conflictId()))));
                    tx.update(doc.getReference(), update);
                }
            }
            return newest == null ? Opened.CREATED : Opened.CREATED_SUPERSEDED;
        }));
    }

    private static boolean isNewer(SyncConflict a, SyncConflict b) {
        Instant at = a.detectedAt() == null ? Instant.MIN : a.detectedAt();
        Instant bt = b.detectedAt() == null ? Instant.MIN : b.detectedAt();
        return at.isAfter(bt) || (at.equals(bt) && a.conflictId().compareTo(b.conflictId()) > 0);
    }

    /**
     * Resolves one open conflict in one transaction together with its audit entry, marked unpublished until
     * {@link #markPublished} records that its event reached Kafka.
     *
     * @param decide turns the conflict as read in the transaction into the decision; it may throw (for instance
     *     {@link ConflictStateException} for a stale version, or a validation error), which aborts the transaction
     * @return the conflict as stored after the resolution, or empty when no conflict has that id
     * @throws ConflictStateException when the conflict is no longer open
     */
    public Optional<SyncConflict> resolve(String conflictId, Function<SyncConflict, ConflictResolution> decide) {
        return decisive(() -> firestore.runTransaction(tx -> {
            DocumentReference ref = firestore.collection(COLLECTION).document(conflictId);
            DocumentSnapshot doc = tx.get(ref).get();
            if (!doc.exists()) {
                return Optional.<SyncConflict>empty();
            }
            SyncConflict current = fromDocument(doc);
            if (!SyncConflict.OPEN.equals(current.status())) {
                throw new ConflictStateException("conflict " + conflictId + " is already " + current.status(), current);
            }
            ConflictResolution resolution = decide.apply(current);
            tx.update(ref, resolutionUpdate(current, resolution));
            return Optional.of(resolved(current, resolution));
        }));
    }

    /**
     * Waits for a transaction whose function may refuse the work; the refusal ({@link ConflictStateException} or
     * {@link IllegalArgumentException}) reaches the caller as itself, not as a Firestore failure.
     */
    private static <T> T decisive(java.util.function.Supplier<com.google.api.core.ApiFuture<T>> transaction) {
        try {
            return await(transaction.get());
        } catch (io.rostersync.core.firestore.FirestoreAccessException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ConflictStateException || cause instanceof IllegalArgumentException) {
                    throw (RuntimeException) cause;
                }
            }
            throw e;
        }
    }

    /**
     * Resolves several conflicts in one transaction (at most {@link #MAX_PER_TRANSACTION}); those no longer open, or
     * for which {@code decide} answers null, are skipped.
     *
     * @return the conflicts this call resolved
     */
    public List<SyncConflict> resolveAll(List<String> conflictIds, Function<SyncConflict, ConflictResolution> decide) {
        if (conflictIds.size() > MAX_PER_TRANSACTION) {
            throw new IllegalArgumentException("at most " + MAX_PER_TRANSACTION + " conflicts per transaction, got " + conflictIds.size());
        }
        if (conflictIds.isEmpty()) {
            return List.of();
        }
        return decisive(() -> firestore.runTransaction(tx -> {
            DocumentReference[] refs = conflictIds.stream().map(id -> firestore.collection(COLLECTION).document(id))
                    .toArray(DocumentReference[]::new);
            List<SyncConflict> done = new ArrayList<>();
            for (DocumentSnapshot doc : tx.getAll(refs).get()) {
                if (!doc.exists()) {
                    continue;
                }
                SyncConflict current = fromDocument(doc);
                if (!SyncConflict.OPEN.equals(current.status())) {
                    continue;
                }
                ConflictResolution resolution = decide.apply(current);
                if (resolution != null) {
                    tx.update(doc.getReference(), resolutionUpdate(current, resolution));
                    done.add(resolved(current, resolution));
                }
            }
            return done;
        }));
    }

    /** Records that the resolutions of these conflicts reached Kafka. */
    public void markPublished(List<String> conflictIds) {
        for (int from = 0; from < conflictIds.size(); from += MAX_PER_TRANSACTION) {
            var batch = firestore.batch();
            for (String id : conflictIds.subList(from, Math.min(conflictIds.size(), from + MAX_PER_TRANSACTION))) {
                batch.update(firestore.collection(COLLECTION).document(id), "published", true);
            }
            await(batch.commit());
        }
    }

    /** Resolved conflicts whose event has not reached Kafka yet, oldest resolution first. */
    public List<SyncConflict> unpublished(int limit) {
        return await(firestore.collection(COLLECTION).whereEqualTo("status", SyncConflict.RESOLVED)
                .whereEqualTo("published", false).limit(limit).get()).getDocuments()
                .stream().map(SyncConflicts::fromDocument).toList();
    }

    /** How many open conflicts an integration has (a Firestore count aggregation). */
    public long countOpen(String integrationId) {
        return await(openOf(integrationId).count().get()).getCount();
    }

    /** When the oldest open conflict of an integration was detected; empty when it has none. */
    public Optional<Instant> oldestOpen(String integrationId) {
        List<QueryDocumentSnapshot> docs = await(openOf(integrationId).orderBy("detectedAt", Query.Direction.ASCENDING)
                .limit(1).get()).getDocuments();
        return docs.isEmpty() ? Optional.empty() : Optional.ofNullable(instant(docs.get(0), "detectedAt"));
    }

    private Query openOf(String integrationId) {
        return firestore.collection(COLLECTION).whereEqualTo("integrationId", integrationId).whereEqualTo("status", SyncConflict.OPEN);
    }

    public List<SyncConflict> page(String integrationId, String status, int limit) {
        return page(new ConflictQuery(integrationId, null, status, null, null), null, limit).items();
    }

    /**
     * Conflicts matching the query, newest first.
     *
     * @param after a cursor from a previous page's {@code nextCursor}, or null for the first page
     * @throws IllegalArgumentException when the cursor is not one this store handed out
     */
    public Page page(ConflictQuery filter, String after, int limit) {
        Query query = firestore.collection(COLLECTION);
        if (filter.integrationId() != null) {
            query = query.whereEqualTo("integrationId", filter.integrationId());
        }
        if (filter.entityType() != null) {
            query = query.whereEqualTo("entityType", filter.entityType().collection());
        }
        if (filter.status() != null) {
            query = query.whereEqualTo("status", filter.status());
        }
        if (filter.resolvedBy() != null) {
            query = query.whereEqualTo("resolvedBy", filter.resolvedBy());
        }
        if (filter.detectedBefore() != null) {
            query = query.whereLessThan("detectedAt", timestamp(filter.detectedBefore()));
        }
        query = query.orderBy("detectedAt", Query.Direction.DESCENDING).orderBy(FieldPath.documentId(), Query.Direction.DESCENDING);
        if (after != null) {
            Cursor cursor = Cursor.decode(after);
            query = query.startAfter(timestamp(cursor.detectedAt()), cursor.conflictId());
        }
        List<SyncConflict> items = await(query.limit(limit + 1).get()).getDocuments().stream()
                .map(SyncConflicts::fromDocument).toList();
        if (items.size() <= limit) {
            return new Page(items, null);
        }
        List<SyncConflict> page = items.subList(0, limit);
        SyncConflict last = page.get(limit - 1);
        return new Page(page, new Cursor(last.detectedAt(), last.conflictId()).encode());
    }

    /** Where a page ended: the last conflict's detection time and id (the sort keys). */
    record Cursor(Instant detectedAt, String conflictId) {

        String encode() {
            String raw = detectedAt.getEpochSecond() + "." + detectedAt.getNano() + "|" + conflictId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                int dot = raw.indexOf('.');
                if (bar < 0 || dot < 0 || dot > bar) {
                    throw new IllegalArgumentException("malformed");
                }
                Instant at = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)), Long.parseLong(raw.substring(dot + 1, bar)));
                return new Cursor(at, raw.substring(bar + 1));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IllegalArgumentException("invalid cursor '" + token + "'; pass a nextCursor from a previous page", e);
            }
        }
    }

    private static SyncConflict resolved(SyncConflict c, ConflictResolution r) {
        return new SyncConflict(c.conflictId(), c.integrationId(), c.entityType(), c.recordId(), c.runId(), SyncConflict.RESOLVED,
                c.baseSnapshot(), c.localSnapshot(), c.remoteSnapshot(), c.fields(), r.strategy(), r.resolvedBy(), c.detectedAt(),
                r.resolvedAt(), null, r.resultingRecord(), false);
    }

    private static Map<String, Object> resolutionUpdate(SyncConflict current, ConflictResolution r) {
        Map<String, Object> update = new HashMap<>();
        update.put("status", SyncConflict.RESOLVED);
        update.put("resolution", r.strategy());
        update.put("resolvedBy", r.resolvedBy());
        update.put("resolvedAt", timestamp(r.resolvedAt()));
        update.put("resultingRecord", new HashMap<>(r.resultingRecord()));
        update.put("published", false);
        update.put("audit", FieldValue.arrayUnion(auditDocument(new ConflictAuditEntry(ConflictAuditEntry.RESOLVED, r.resolvedBy(),
                r.resolvedAt(), r.strategy(), r.choices(), current.localSnapshot(), r.resultingRecord(), null))));
        return update;
    }

    static Map<String, Object> auditDocument(ConflictAuditEntry e) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("action", e.action());
        doc.put("actor", e.actor());
        doc.put("at", timestamp(e.at()));
        doc.put("strategy", e.strategy());
        doc.put("choices", new HashMap<>(e.choices()));
        doc.put("before", new HashMap<>(e.before()));
        doc.put("after", new HashMap<>(e.after()));
        doc.put("supersededBy", e.supersededBy());
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static List<ConflictAuditEntry> auditOf(DocumentSnapshot doc) {
        Object raw = doc.get("audit");
        if (!(raw instanceof List<?> list)) {
            return List.of();
        }
        List<ConflictAuditEntry> entries = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> m) {
                Map<String, Object> e = (Map<String, Object>) m;
                entries.add(new ConflictAuditEntry((String) e.get("action"), (String) e.get("actor"),
                        e.get("at") instanceof Timestamp ts ? Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()) : null,
                        (String) e.get("strategy"), (Map<String, String>) e.get("choices"), (Map<String, Object>) e.get("before"),
                        (Map<String, Object>) e.get("after"), (String) e.get("supersededBy")));
            }
        }
        return entries;
    }

    static Map<String, Object> toDocument(SyncConflict c) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("conflictId", c.conflictId());
        doc.put("integrationId", c.integrationId());
        doc.put("entityType", c.entityType().collection());
        doc.put("recordId", c.recordId());
        doc.put("runId", c.runId());
        doc.put("status", c.status());
        doc.put("baseSnapshot", new HashMap<>(c.baseSnapshot()));
        doc.put("localSnapshot", new HashMap<>(c.localSnapshot()));
        doc.put("remoteSnapshot", new HashMap<>(c.remoteSnapshot()));
        doc.put("fields", c.fields());
        doc.put("resolution", c.resolution());
        doc.put("resolvedBy", c.resolvedBy());
        doc.put("detectedAt", timestamp(c.detectedAt()));
        doc.put("resolvedAt", timestamp(c.resolvedAt()));
        doc.put("supersededBy", c.supersededBy());
        doc.put("resultingRecord", new HashMap<>(c.resultingRecord()));
        doc.put("published", c.published());
        return doc;
    }

    @SuppressWarnings("unchecked")
    static SyncConflict fromDocument(DocumentSnapshot doc) {
        return new SyncConflict(doc.getId(), doc.getString("integrationId"), EntityType.fromCollection(doc.getString("entityType")),
                doc.getString("recordId"), doc.getString("runId"), doc.getString("status"), map(doc, "baseSnapshot"),
                map(doc, "localSnapshot"), map(doc, "remoteSnapshot"), (List<String>) doc.get("fields"),
                doc.getString("resolution"), doc.getString("resolvedBy"), instant(doc, "detectedAt"), instant(doc, "resolvedAt"),
                doc.getString("supersededBy"), map(doc, "resultingRecord"), Boolean.TRUE.equals(doc.getBoolean("published")));
    }
}
