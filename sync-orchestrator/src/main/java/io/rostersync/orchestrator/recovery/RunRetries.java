package io.rostersync.orchestrator.recovery;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.apply.EntityOutcomes;
import io.rostersync.orchestrator.runs.RunDispatcher;
import io.rostersync.orchestrator.runs.RunTrigger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries the entity types a pull could not read, and only those, each from its own cursor: the types that succeeded
 * were applied and their cursors moved, so reading them again would only repeat work.
 */
public class RunRetries {

    private static final Logger log = LoggerFactory.getLogger(RunRetries.class);
    static final String RETRY_OF = "retryOf";
    static final String RETRIED_BY = "retriedBy";

    /** The retry run, or why there is none. */
    public record Retry(SyncRun run, String refusal, boolean notFound) {
    }

    private final SyncRuns runs;
    private final Integrations integrations;
    private final SyncCursors cursors;
    private final RunDispatcher dispatcher;

    public RunRetries(SyncRuns runs, Integrations integrations, SyncCursors cursors, RunDispatcher dispatcher) {
        this.runs = runs;
        this.integrations = integrations;
        this.cursors = cursors;
        this.dispatcher = dispatcher;
    }

    /**
     * Starts the retry of a pull that failed or failed for some entity types. Retrying the same run again returns the
     * same retry run (its id derives from the run's).
     */
    public Retry retry(String runId, String who) {
        DocumentSnapshot doc = await(runs.reference(runId).get());
        if (!doc.exists()) {
            return new Retry(null, "run '" + runId + "' does not exist", true);
        }
        SyncRun run = SyncRuns.fromDocument(doc);
        if (run.direction() != Direction.PULL) {
            return refused("run '" + runId + "' is a push; pending edits are pushed by the next push run");
        }
        List<EntityType> types = failedTypes(doc, run);
        if (types.isEmpty()) {
            return refused("run '" + runId + "' is " + run.status().value() + "; only failed runs, or runs with failed entity types, are retried");
        }
        Optional<Integration> integration = integrations.find(run.integrationId());
        if (integration.isEmpty() || !integration.get().enabled()) {
            return refused("integration '" + run.integrationId() + "' is missing or disabled; enable it before retrying");
        }
        if (integration.get().paused()) {
            return refused("integration '" + run.integrationId() + "' is paused; resume it, and its queued run reads every entity type");
        }
        String retryTrigger = runId + "#retry";
        boolean busy = runs.blocking(run.integrationId(), Direction.PULL).stream()
                .anyMatch(r -> !r.runId().equals(RunDispatcher.runIdFor(retryTrigger)));
        if (busy) {
            // Queued behind another run, the retry would coalesce into a follow-up that reads every type: say so instead.
            return refused("another run of '" + run.integrationId() + "' is queued, running or on hold; retry when it has ended");
        }
        Map<EntityType, io.rostersync.core.cursors.SyncCursor> stored = cursors.forIntegration(run.integrationId());
        // A type that never completed has no cursor: only a full read of it can tell what the SIS has (and sweep).
        PullMode mode = types.stream().allMatch(stored::containsKey) ? PullMode.INCREMENTAL : PullMode.FULL;
        SyncRun retry = dispatcher.trigger(new RunTrigger(retryTrigger, run.integrationId(), RunType.MANUAL, Direction.PULL,
                types, Map.of(), who, mode));
        await(runs.reference(retry.runId()).update(RETRY_OF, runId));
        await(runs.reference(runId).update(RETRIED_BY, FieldValue.arrayUnion(retry.runId())));
        log.info("run {} retried by {} as {} for {}", runId, who, retry.runId(), types);
        return new Retry(runs.find(retry.runId()).orElseThrow(), null, false);
    }

    @SuppressWarnings("unchecked")
    private static List<EntityType> failedTypes(DocumentSnapshot doc, SyncRun run) {
        if (run.status() == RunStatus.FAILED) {
            List<String> types = (List<String>) doc.get("entityTypes");
            return types == null || types.isEmpty() ? List.of(EntityType.values()) : types.stream().map(EntityType::fromCollection).toList();
        }
        if (run.status() == RunStatus.PARTIAL) {
            Map<String, String> statuses = (Map<String, String>) doc.get(EntityOutcomes.STATUS);
            if (statuses != null) {
                return statuses.entrySet().stream().filter(e -> EntityOutcomes.FAILED.equals(e.getValue()))
                        .map(e -> EntityType.fromCollection(e.getKey())).sorted().toList();
            }
        }
        return List.of();
    }

    private static Retry refused(String reason) {
        return new Retry(null, reason, false);
    }
}
