package io.rostersync.health.aggregates;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The aggregates at {@code integrationHealth/{integrationId}}, and the markers at
 * {@code integrationHealth/{integrationId}/countedRuns/{runId}} that make counting idempotent: an outcome is added
 * in the same transaction that writes its run's marker, so a redelivered or replayed outcome finds the marker and
 * changes nothing, and a run counted again with a different outcome is taken back out first.
 */
@org.springframework.stereotype.Component
public class HealthAggregates {

    public static final String COLLECTION = "integrationHealth";
    public static final String COUNTED = "countedRuns";
    /**
     * Outcomes per transaction: one aggregate write plus a marker each stays far below Firestore's 500 writes, and
     * one transaction reads them all in one round trip.
     */
    public static final int MAX_PER_TRANSACTION = 200;
    /**
     * Markers live past the longest window (and the catch-up overlap) and are then deleted by a Firestore TTL policy
     * on {@code expireAt}, so the marker collection does not grow with every run ever made.
     */
    static final Duration MARKER_RETENTION = Duration.ofDays(IntegrationAggregate.DAYS_KEPT + 5);

    private final Firestore firestore;
    private final Clock clock;

    public HealthAggregates(Firestore firestore, Clock clock) {
        this.firestore = firestore;
        this.clock = clock;
    }

    /**
     * Counts outcomes of one integration, each run once.
     *
     * @param outcomes all of {@code integrationId}; at most {@link #MAX_PER_TRANSACTION}; a run may appear more than once
     *                 (the last one counts)
     * @return how many outcomes changed the aggregate (0 when all were counted already)
     * @throws io.rostersync.core.firestore.FirestoreAccessException when Firestore fails; nothing was counted then
     */
    public int count(String integrationId, List<RunOutcome> outcomes) {
        if (outcomes.size() > MAX_PER_TRANSACTION) {
            throw new IllegalArgumentException("at most " + MAX_PER_TRANSACTION + " outcomes per call, got " + outcomes.size());
        }
        Map<String, RunOutcome> latest = new LinkedHashMap<>();
        for (RunOutcome outcome : outcomes) {
            if (!integrationId.equals(outcome.integrationId())) {
                throw new IllegalArgumentException("outcome of run " + outcome.runId() + " belongs to " + outcome.integrationId());
            }
            latest.put(outcome.runId(), outcome);
        }
        if (latest.isEmpty()) {
            return 0;
        }
        DocumentReference aggregateRef = reference(integrationId);
        List<DocumentReference> refs = new ArrayList<>();
        refs.add(aggregateRef);
        latest.keySet().forEach(runId -> refs.add(marker(integrationId, runId)));
        return await(firestore.runTransaction(tx -> {
            List<DocumentSnapshot> read = tx.getAll(refs.toArray(DocumentReference[]::new)).get();
            Map<String, DocumentSnapshot> byPath = new HashMap<>();
            read.forEach(doc -> byPath.put(doc.getReference().getPath(), doc));
            DocumentSnapshot aggregateDoc = byPath.get(aggregateRef.getPath());
            IntegrationAggregate aggregate = aggregateDoc != null && aggregateDoc.exists()
                    ? fromDocument(aggregateDoc) : IntegrationAggregate.empty(integrationId);
            int changed = 0;
            for (RunOutcome outcome : latest.values()) {
                DocumentReference markerRef = marker(integrationId, outcome.runId());
                DocumentSnapshot markerDoc = byPath.get(markerRef.getPath());
                RunOutcome previous = markerDoc != null && markerDoc.exists() ? outcomeOf(markerDoc.getData()) : null;
                if (outcome.equals(previous)) {
                    continue;
                }
                aggregate = aggregate.count(outcome, previous);
                Map<String, Object> markerFields = outcomeDocument(outcome);
                markerFields.put("expireAt", timestamp(outcome.finishedAt().plus(MARKER_RETENTION)));
                tx.set(markerRef, markerFields);
                changed++;
            }
            if (changed > 0) {
                tx.set(aggregateRef, toDocument(aggregate.pruned(clock.instant()), clock.instant()));
            }
            return changed;
        }));
    }

    /** The aggregates of these integrations, in one read; an integration without one is absent from the map. */
    public Map<String, IntegrationAggregate> read(List<String> integrationIds) {
        if (integrationIds.isEmpty()) {
            return Map.of();
        }
        DocumentReference[] refs = integrationIds.stream().map(this::reference).toArray(DocumentReference[]::new);
        Map<String, IntegrationAggregate> found = new HashMap<>();
        for (DocumentSnapshot doc : await(firestore.getAll(refs))) {
            if (doc.exists()) {
                found.put(doc.getId(), fromDocument(doc));
            }
        }
        return found;
    }

    /**
     * Every aggregate, in one query: the collection holds one small document per integration (markers live in
     * sub-collections, which a collection query does not read).
     */
    public Map<String, IntegrationAggregate> readAll() {
        Map<String, IntegrationAggregate> found = new HashMap<>();
        for (DocumentSnapshot doc : await(firestore.collection(COLLECTION).get()).getDocuments()) {
            found.put(doc.getId(), fromDocument(doc));
        }
        return found;
    }

    /** What the run was counted as, if it was. */
    public Optional<RunOutcome> counted(String integrationId, String runId) {
        DocumentSnapshot doc = await(marker(integrationId, runId).get());
        return doc.exists() ? Optional.of(outcomeOf(doc.getData())) : Optional.empty();
    }

    private DocumentReference reference(String integrationId) {
        return firestore.collection(COLLECTION).document(integrationId);
    }

    private DocumentReference marker(String integrationId, String runId) {
        return reference(integrationId).collection(COUNTED).document(runId);
    }

    static Map<String, Object> toDocument(IntegrationAggregate aggregate, Instant updatedAt) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("integrationId", aggregate.integrationId());
        doc.put("hours", tallies(aggregate.hours()));
        doc.put("days", tallies(aggregate.days()));
        doc.put("total", aggregate.total().toMap());
        doc.put("durations", aggregate.durations());
        doc.put("lastRun", aggregate.lastRun() == null ? null : outcomeDocument(aggregate.lastRun()));
        doc.put("lastDecisive", aggregate.lastDecisive() == null ? null : outcomeDocument(aggregate.lastDecisive()));
        doc.put("lastSuccessAt", timestamp(aggregate.lastSuccessAt()));
        doc.put("lastSuccessRunId", aggregate.lastSuccessRunId());
        doc.put("updatedAt", timestamp(updatedAt));
        return doc;
    }

    @SuppressWarnings("unchecked")
    static IntegrationAggregate fromDocument(DocumentSnapshot doc) {
        List<Long> durations = new ArrayList<>();
        if (doc.get("durations") instanceof List<?> list) {
            list.forEach(v -> durations.add(((Number) v).longValue()));
        }
        Map<String, Object> lastRun = (Map<String, Object>) doc.get("lastRun");
        Map<String, Object> lastDecisive = (Map<String, Object>) doc.get("lastDecisive");
        return new IntegrationAggregate(doc.getId(), talliesOf(doc.get("hours")), talliesOf(doc.get("days")),
                Tally.fromMap(doc.get("total")), durations, lastRun == null ? null : outcomeOf(lastRun),
                lastDecisive == null ? null : outcomeOf(lastDecisive), FirestoreValues.instant(doc, "lastSuccessAt"),
                doc.getString("lastSuccessRunId"));
    }

    private static Map<String, Object> tallies(SortedMap<String, Tally> tallies) {
        Map<String, Object> map = new HashMap<>();
        tallies.forEach((k, v) -> map.put(k, v.toMap()));
        return map;
    }

    private static SortedMap<String, Tally> talliesOf(Object value) {
        SortedMap<String, Tally> tallies = new TreeMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> tallies.put(String.valueOf(k), Tally.fromMap(v)));
        }
        return tallies;
    }

    static Map<String, Object> outcomeDocument(RunOutcome outcome) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("runId", outcome.runId());
        doc.put("integrationId", outcome.integrationId());
        doc.put("status", outcome.status().value());
        doc.put("runType", outcome.runType() == null ? null : outcome.runType().value());
        doc.put("finishedAt", timestamp(outcome.finishedAt()));
        doc.put("durationMillis", outcome.durationMillis());
        doc.put("fetched", outcome.fetched());
        doc.put("applied", outcome.applied());
        doc.put("failedRecords", outcome.failedRecords());
        doc.put("error", outcome.error());
        return doc;
    }

    static RunOutcome outcomeOf(Map<String, Object> doc) {
        String runType = (String) doc.get("runType");
        return new RunOutcome((String) doc.get("runId"), (String) doc.get("integrationId"),
                RunStatus.fromValue((String) doc.get("status")), runType == null ? null : RunType.fromValue(runType),
                FirestoreValues.instant(doc.get("finishedAt")),
                doc.get("durationMillis") instanceof Number n ? n.longValue() : null,
                number(doc.get("fetched")), number(doc.get("applied")), number(doc.get("failedRecords")),
                (String) doc.get("error"));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }
}
