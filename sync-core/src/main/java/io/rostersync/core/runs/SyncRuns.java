package io.rostersync.core.runs;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import io.rostersync.core.events.PullMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store of runs at {@code syncRuns/{runId}}; apply-time updates go through transactions in the orchestrator. */
public class SyncRuns {

    public static final String COLLECTION = "syncRuns";
    public static final String BATCHES = "batches";

    private final Firestore firestore;

    public SyncRuns(Firestore firestore) {
        this.firestore = firestore;
    }

    public DocumentReference reference(String runId) {
        return firestore.collection(COLLECTION).document(runId);
    }

    public Optional<SyncRun> find(String runId) {
        DocumentSnapshot doc = await(reference(runId).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    public void save(SyncRun run) {
        await(reference(run.runId()).set(toDocument(run)));
    }

    /**
     * One page of an integration's runs, newest first.
     *
     * @param after the runId the previous page ended with, or null for the first page
     */
    public List<SyncRun> page(String integrationId, int limit, String after, String status, String runType) {
        Query query = firestore.collection(COLLECTION).whereEqualTo("integrationId", integrationId);
        if (status != null) {
            query = query.whereEqualTo("status", status);
        }
        if (runType != null) {
            query = query.whereEqualTo("runType", runType);
        }
        query = query.orderBy("queuedAt", Query.Direction.DESCENDING).orderBy("__name__", Query.Direction.DESCENDING);
        if (after != null) {
            DocumentSnapshot cursor = await(reference(after).get());
            if (cursor.exists()) {
                query = query.startAfter(cursor);
            }
        }
        return await(query.limit(limit).get()).getDocuments().stream().map(SyncRuns::fromDocument).toList();
    }

    /** When the integration's latest run of this type started, if any did. */
    public Optional<java.time.Instant> lastStarted(String integrationId, RunType runType) {
        return await(firestore.collection(COLLECTION)
                .whereEqualTo("integrationId", integrationId)
                .whereEqualTo("runType", runType.value())
                .orderBy("startedAt", Query.Direction.DESCENDING)
                .limit(1).get()).getDocuments().stream()
                .map(doc -> instant(doc, "startedAt")).filter(java.util.Objects::nonNull).findFirst();
    }

    /** The integration's runs that started at or after {@code since}, newest first, at most {@code limit}. */
    public List<SyncRun> startedSince(String integrationId, java.time.Instant since, int limit) {
        return await(firestore.collection(COLLECTION)
                .whereEqualTo("integrationId", integrationId)
                .whereGreaterThanOrEqualTo("startedAt", com.google.cloud.Timestamp.ofTimeSecondsAndNanos(since.getEpochSecond(), since.getNano()))
                .orderBy("startedAt", Query.Direction.DESCENDING)
                .limit(limit).get()).getDocuments().stream().map(SyncRuns::fromDocument).toList();
    }

    /** Runs of an integration and direction that are queued or running. */
    public List<SyncRun> active(String integrationId, Direction direction) {
        return await(firestore.collection(COLLECTION)
                .whereEqualTo("integrationId", integrationId)
                .whereEqualTo("direction", direction.value())
                .whereIn("status", List.of(RunStatus.QUEUED.value(), RunStatus.RUNNING.value()))
                .get()).getDocuments().stream().map(SyncRuns::fromDocument).toList();
    }

    /** Runs of an integration and direction that keep its next run waiting: queued, running or on hold. */
    public List<SyncRun> blocking(String integrationId, Direction direction) {
        return await(firestore.collection(COLLECTION)
                .whereEqualTo("integrationId", integrationId)
                .whereEqualTo("direction", direction.value())
                .whereIn("status", List.of(RunStatus.QUEUED.value(), RunStatus.RUNNING.value(), RunStatus.ON_HOLD.value()))
                .get()).getDocuments().stream().map(SyncRuns::fromDocument).toList();
    }

    public static Map<String, Object> toDocument(SyncRun run) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("runId", run.runId());
        doc.put("integrationId", run.integrationId());
        doc.put("runType", run.runType().value());
        doc.put("direction", run.direction().value());
        doc.put("mode", run.mode() == null ? null : run.mode().value());
        doc.put("status", run.status().value());
        doc.put("counts", run.counts().asMap());
        Map<String, Object> perEntity = new HashMap<>();
        run.entityCounts().forEach((k, v) -> perEntity.put(k, v.asMap()));
        doc.put("entityCounts", perEntity);
        doc.put("cursorBefore", run.cursorBefore());
        doc.put("cursorAfter", run.cursorAfter());
        doc.put("queuedAt", timestamp(run.queuedAt()));
        doc.put("startedAt", timestamp(run.startedAt()));
        doc.put("finishedAt", timestamp(run.finishedAt()));
        doc.put("heartbeatAt", timestamp(run.heartbeatAt()));
        doc.put("error", run.error());
        doc.put("attempt", run.attempt());
        doc.put("requestedBy", run.requestedBy());
        doc.put("triggerId", run.triggerId());
        return doc;
    }

    @SuppressWarnings("unchecked")
    public static SyncRun fromDocument(DocumentSnapshot doc) {
        Map<String, RunCounts> perEntity = new HashMap<>();
        Object entityCounts = doc.get("entityCounts");
        if (entityCounts instanceof Map<?, ?> m) {
            m.forEach((k, v) -> perEntity.put((String) k, RunCounts.fromMap((Map<String, ?>) v)));
        }
        String mode = doc.getString("mode");
        Long attempt = doc.getLong("attempt");
        return new SyncRun(doc.getId(), doc.getString("integrationId"), RunType.fromValue(doc.getString("runType")),
                Direction.fromValue(doc.getString("direction")), mode == null ? null : PullMode.fromValue(mode),
                RunStatus.fromValue(doc.getString("status")), RunCounts.fromMap((Map<String, ?>) doc.get("counts")),
                perEntity, (Map<String, String>) doc.get("cursorBefore"), (Map<String, String>) doc.get("cursorAfter"),
                instant(doc, "queuedAt"), instant(doc, "startedAt"), instant(doc, "finishedAt"), instant(doc, "heartbeatAt"),
                doc.getString("error"), attempt == null ? 1 : attempt.intValue(), doc.getString("requestedBy"),
                doc.getString("triggerId"));
    }
}
