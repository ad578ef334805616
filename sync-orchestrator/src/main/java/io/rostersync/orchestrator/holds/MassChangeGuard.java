package io.rostersync.orchestrator.holds;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.integrations.MassChangeThresholds;
import io.rostersync.core.kafka.PermanentFailureException;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stops pulls that would change too much of an entity type before they apply anything. A pull is guarded when some
 * entity type it reads has enough live records for the integration's thresholds to mean something; a guarded pull's
 * batches are staged (their effect worked out against Firestore, nothing written), and at its completion the
 * projected deletes and updates per entity type — including what a full snapshot's sweep would tombstone — are
 * compared with the live records the type had before the run. Crossing a threshold puts the run on hold.
 */
public class MassChangeGuard {

    private static final Logger log = LoggerFactory.getLogger(MassChangeGuard.class);
    static final String GUARD = "guard";
    static final String HOLD = "hold";
    private static final String STAGED = "staged";
    private static final String TOMBSTONE = "_sync.tombstone";

    private final Firestore firestore;
    private final SyncRuns runs;
    private final Integrations integrations;
    private final Clock clock;
    private final JsonMapper json = EventCodec.defaultMapper();

    public MassChangeGuard(Firestore firestore, SyncRuns runs, Integrations integrations, Clock clock) {
        this.firestore = firestore;
        this.runs = runs;
        this.integrations = integrations;
        this.clock = clock;
    }

    /**
     * The run's decision, made (and stored) on the first call: later calls, on any replica, read the same one.
     *
     * @throws PermanentFailureException when the run does not exist
     */
    public GuardDecision decisionFor(String runId) {
        DocumentReference runRef = runs.reference(runId);
        DocumentSnapshot doc = await(runRef.get());
        if (!doc.exists()) {
            throw new PermanentFailureException("run " + runId + " does not exist");
        }
        if (doc.get(GUARD) != null) {
            return read(doc);
        }
        String integrationId = doc.getString("integrationId");
        MassChangeThresholds thresholds = integrations.find(integrationId).map(Integration::massChangeThresholds)
                .orElse(MassChangeThresholds.DEFAULTS);
        Map<String, Long> baseline = new TreeMap<>();
        for (EntityType type : entityTypes(doc)) {
            baseline.put(type.collection(), await(live(integrationId, type).count().get()).getCount());
        }
        // A run that applied batches before it had a decision (it started before this orchestrator version) stays direct:
        // staging the rest would split it into an applied half and a held half.
        boolean appliedBefore = !await(runRef.collection(SyncRuns.BATCHES).limit(1).get()).isEmpty();
        boolean staged = !appliedBefore && baseline.values().stream().anyMatch(thresholds::guards);
        Map<String, Object> guard = new HashMap<>();
        guard.put(STAGED, staged);
        guard.put("baseline", baseline);
        guard.put("thresholds", Map.of("deletedPercent", thresholds.deletedPercent(), "updatedPercent", thresholds.updatedPercent(),
                "minimumRecords", thresholds.minimumRecords()));
        guard.put("approved", false);
        await(firestore.runTransaction(tx -> {
            if (tx.get(runRef).get().get(GUARD) == null) {
                tx.update(runRef, GUARD, guard);
            }
            return null;
        }));
        GuardDecision decision = read(await(runRef.get()));
        if (decision.staged()) {
            log.info("run {} of {} is guarded: its batches are staged until its completion (live records {})", runId, integrationId, baseline);
        }
        return decision;
    }

    /**
     * Decides a guarded run at its completion and puts it on hold when it crosses a threshold.
     *
     * @throws PermanentFailureException when the run does not exist
     */
    public GuardOutcome evaluate(PullCompleted completed) {
        DocumentReference runRef = runs.reference(completed.runId());
        SyncRun run = runs.find(completed.runId()).orElseThrow(() -> new PermanentFailureException("run " + completed.runId() + " does not exist"));
        if (!run.status().active()) {
            return GuardOutcome.ENDED;
        }
        List<QueryDocumentSnapshot> markers = await(runRef.collection(SyncRuns.BATCHES).get()).getDocuments();
        long received = markers.stream().filter(m -> !Boolean.TRUE.equals(m.getBoolean("skipped"))).count();
        if (received < completed.batchCount()) {
            return GuardOutcome.INCOMPLETE;
        }
        GuardDecision decision = decisionFor(run.runId());
        if (decision.approved()) {
            return GuardOutcome.APPLY;
        }
        Map<String, EntityProjection> projections = project(run, completed, markers);
        List<String> reasons = new ArrayList<>();
        Map<String, Object> entities = new LinkedHashMap<>();
        projections.forEach((type, p) -> {
            long baseline = decision.baseline().getOrDefault(type, 0L);
            entities.put(type, p.toDocument(baseline));
            MassChangeThresholds t = decision.thresholds();
            if (t.deletesCross(p.deleted, baseline)) {
                reasons.add(reason(type, p.deleted, baseline, "deleted", t.deletedPercent()));
            }
            if (t.updatesCross(p.updated, baseline)) {
                reasons.add(reason(type, p.updated, baseline, "updated", t.updatedPercent()));
            }
        });
        if (reasons.isEmpty()) {
            // Decided once: a completion redelivered halfway through the apply goes on applying instead of judging the rest.
            await(runRef.update(GUARD + ".approved", true, GUARD + ".clearedAt", timestamp(clock.instant())));
            return GuardOutcome.APPLY;
        }
        Map<String, Object> hold = new HashMap<>();
        hold.put("reasons", reasons);
        hold.put("entities", entities);
        hold.put("heldAt", timestamp(clock.instant()));
        // Kept so that an approval can finish the run exactly as this completion would have (cursors, snapshot sweep).
        hold.put("completion", json.writeValueAsString(completed));
        boolean held = await(firestore.runTransaction(tx -> {
            DocumentSnapshot current = tx.get(runRef).get();
            if (!RunStatus.fromValue(current.getString("status")).active()) {
                return false;
            }
            tx.update(runRef, Map.of("status", RunStatus.ON_HOLD.value(), HOLD, hold,
                    "error", "on hold for an operator: " + String.join("; ", reasons)));
            return true;
        }));
        if (!held) {
            return GuardOutcome.ENDED;
        }
        log.warn("run {} of {} put on hold: {}", run.runId(), run.integrationId(), reasons);
        return GuardOutcome.HELD;
    }

    private Map<String, EntityProjection> project(SyncRun run, PullCompleted completed, List<QueryDocumentSnapshot> markers) {
        Map<String, EntityProjection> projections = new TreeMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        for (QueryDocumentSnapshot marker : markers) {
            String type = marker.getString("entityType");
            if (type == null) {
                continue;
            }
            // Every batch's ids count as returned by the snapshot, applied or not, or the sweep projection would take
            // records of already applied batches for deletes.
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) marker.get("ids");
            if (ids != null) {
                seen.computeIfAbsent(type, t -> new HashSet<>()).addAll(ids);
            }
            if (!Boolean.TRUE.equals(marker.getBoolean(STAGED))) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> counts = (Map<String, Object>) marker.get("counts");
            @SuppressWarnings("unchecked")
            Map<String, Object> sample = (Map<String, Object>) marker.get("sample");
            projections.computeIfAbsent(type, t -> new EntityProjection()).add(counts, sample);
        }
        if (run.mode() == PullMode.FULL) {
            // The completion's sweep tombstones what a full snapshot did not return: those are deletes of this run too.
            for (EntityType type : completed.completeSnapshots()) {
                Set<String> returned = seen.getOrDefault(type.collection(), Set.of());
                EntityProjection p = projections.computeIfAbsent(type.collection(), t -> new EntityProjection());
                for (QueryDocumentSnapshot doc : await(live(run.integrationId(), type).select(FieldPath.documentId()).get()).getDocuments()) {
                    if (!returned.contains(doc.getId())) {
                        p.swept(doc.getId());
                    }
                }
            }
        }
        return projections;
    }

    private static String reason(String type, long count, long baseline, String kind, double limit) {
        return String.format(Locale.ROOT, "%s: %d of %d live records (%.1f %%) would be %s; the limit is %s %%",
                type, count, baseline, count * 100.0 / baseline, kind, limit % 1 == 0 ? Long.toString((long) limit) : Double.toString(limit));
    }

    private com.google.cloud.firestore.Query live(String integrationId, EntityType type) {
        CollectionReference records = firestore.collection(Integrations.COLLECTION).document(integrationId).collection(type.collection());
        return records.whereEqualTo(TOMBSTONE, false);
    }

    @SuppressWarnings("unchecked")
    private static List<EntityType> entityTypes(DocumentSnapshot run) {
        List<String> types = (List<String>) run.get("entityTypes");
        return types == null || types.isEmpty() ? List.of(EntityType.values()) : types.stream().map(EntityType::fromCollection).toList();
    }

    @SuppressWarnings("unchecked")
    static GuardDecision read(DocumentSnapshot run) {
        Map<String, Object> guard = (Map<String, Object>) run.get(GUARD);
        if (guard == null) {
            return new GuardDecision(false, Map.of(), MassChangeThresholds.DEFAULTS, false);
        }
        Map<String, Long> baseline = new TreeMap<>();
        Map<String, Object> stored = (Map<String, Object>) guard.get("baseline");
        if (stored != null) {
            stored.forEach((k, v) -> baseline.put(k, ((Number) v).longValue()));
        }
        Map<String, Object> t = (Map<String, Object>) guard.get("thresholds");
        MassChangeThresholds thresholds = t == null ? MassChangeThresholds.DEFAULTS : new MassChangeThresholds(
                ((Number) t.get("deletedPercent")).doubleValue(), ((Number) t.get("updatedPercent")).doubleValue(),
                ((Number) t.get("minimumRecords")).longValue());
        return new GuardDecision(Boolean.TRUE.equals(guard.get(STAGED)), baseline, thresholds, Boolean.TRUE.equals(guard.get("approved")));
    }
}
