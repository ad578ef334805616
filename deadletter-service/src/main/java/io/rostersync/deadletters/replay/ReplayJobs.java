package io.rostersync.deadletters.replay;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.deadletters.DeadLetterSettings;
import io.rostersync.deadletters.retry.DeadLetterRetries;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Bulk replays: a job document is created, then this replica works through the matching letters oldest first in
 * chunks (claim in one transaction, republish, mark), updating the job's counts after each chunk. A letter claimed
 * by another replica or job meanwhile is skipped, never sent twice.
 */
@Service
public class ReplayJobs {

    public static final String COLLECTION = "syncDeadLetterReplays";
    private static final Logger log = LoggerFactory.getLogger(ReplayJobs.class);

    private final Firestore firestore;
    private final SyncDeadLetters deadLetters;
    private final DeadLetterRetries retries;
    private final int chunk;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "deadletter-replay"));

    ReplayJobs(Firestore firestore, SyncDeadLetters deadLetters, DeadLetterRetries retries, DeadLetterSettings settings, Clock clock) {
        this.firestore = firestore;
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.chunk = settings.retry().batchSize();
        this.clock = clock;
    }

    /** Counts the matching letters, stores the job as {@code running} and starts it in the background. */
    public ReplayJob start(SyncDeadLetters.Filter filter, String requestedBy) {
        long total = deadLetters.count(filter);
        ReplayJob job = new ReplayJob("replay-" + UUID.randomUUID(), ReplayJob.RUNNING, filter, total, 0, 0, 0, requestedBy,
                clock.instant(), clock.instant(), null);
        await(firestore.collection(COLLECTION).document(job.id()).create(toDocument(job)));
        worker.submit(() -> run(job));
        return job;
    }

    public Optional<ReplayJob> find(String id) {
        DocumentSnapshot doc = await(firestore.collection(COLLECTION).document(id).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    private void run(ReplayJob job) {
        var ref = firestore.collection(COLLECTION).document(job.id());
        try {
            String after = null;
            while (true) {
                List<String> ids = deadLetters.idsAfter(job.filter(), after, chunk);
                if (ids.isEmpty()) {
                    break;
                }
                after = ids.get(ids.size() - 1);
                DeadLetterRetries.Outcome outcome = retries.replay(ids, l -> DeadLetterRetries.REPLAYABLE.contains(l.status()));
                await(ref.update(Map.of("done", FieldValue.increment(outcome.replayed()), "failed", FieldValue.increment(outcome.failed()),
                        "skipped", FieldValue.increment(outcome.skipped()), "updatedAt", timestamp(clock.instant()))));
            }
            await(ref.update(Map.of("status", ReplayJob.COMPLETED, "updatedAt", timestamp(clock.instant()))));
            log.info("Replay job {} completed", job.id());
        } catch (RuntimeException e) {
            log.error("Replay job {} failed", job.id(), e);
            try {
                await(ref.update(Map.of("status", ReplayJob.FAILED, "error", e.toString(), "updatedAt", timestamp(clock.instant()))));
            } catch (RuntimeException ignored) {
                log.error("Replay job {} could not record its failure: {}", job.id(), ignored.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private static Map<String, Object> toDocument(ReplayJob job) {
        Map<String, Object> doc = new HashMap<>();
        Map<String, Object> filter = new HashMap<>();
        SyncDeadLetters.Filter f = job.filter();
        filter.put("topic", f.topic());
        filter.put("integrationId", f.integrationId());
        filter.put("exceptionClass", f.exceptionClass());
        filter.put("status", f.status());
        filter.put("from", timestamp(f.from()));
        filter.put("to", timestamp(f.to()));
        doc.put("filter", filter);
        doc.put("status", job.status());
        doc.put("total", job.total());
        doc.put("done", job.done());
        doc.put("failed", job.failed());
        doc.put("skipped", job.skipped());
        doc.put("requestedBy", job.requestedBy());
        doc.put("createdAt", timestamp(job.createdAt()));
        doc.put("updatedAt", timestamp(job.updatedAt()));
        doc.put("error", job.error());
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static ReplayJob fromDocument(DocumentSnapshot doc) {
        Map<String, Object> f = doc.get("filter") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        SyncDeadLetters.Filter filter = new SyncDeadLetters.Filter((String) f.get("topic"), (String) f.get("integrationId"),
                (String) f.get("exceptionClass"), (String) f.get("status"), instant(f.get("from")), instant(f.get("to")));
        return new ReplayJob(doc.getId(), doc.getString("status"), filter, num(doc, "total"), num(doc, "done"), num(doc, "failed"),
                num(doc, "skipped"), doc.getString("requestedBy"), instant(doc, "createdAt"), instant(doc, "updatedAt"),
                doc.getString("error"));
    }

    private static long num(DocumentSnapshot doc, String field) {
        Long value = doc.getLong(field);
        return value == null ? 0 : value;
    }

}
