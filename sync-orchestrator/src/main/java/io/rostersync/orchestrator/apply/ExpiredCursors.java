package io.rostersync.orchestrator.apply;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.runs.RunDispatcher;
import io.rostersync.orchestrator.runs.RunTrigger;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a connector says the integration's cursor is older than what the SIS still serves (Ed-Fi
 * change-version retention): catching up by changes would miss some, deletes among them. The cursors are dropped, so no
 * later run tries them again, and a full resync starts at once; its sweep tombstones what the SIS no longer has.
 */
class ExpiredCursors {

    private static final Logger log = LoggerFactory.getLogger(ExpiredCursors.class);

    private final Firestore firestore;
    private final SyncCursors cursors;
    private final SyncRuns runs;
    private final RunDispatcher dispatcher;

    ExpiredCursors(Firestore firestore, SyncCursors cursors, SyncRuns runs, RunDispatcher dispatcher) {
        this.firestore = firestore;
        this.cursors = cursors;
        this.runs = runs;
        this.dispatcher = dispatcher;
    }

    static boolean expired(PullFailed failed) {
        return PullFailed.CURSOR_EXPIRED.equals(failed.errorClass());
    }

    /**
     * Drops the integration's cursors and triggers the full resync. Also for a redelivered failure (the first delivery
     * may have stopped before the trigger): the trigger id derives from the failed run, so the resync happens once.
     */
    void resync(PullFailed cause) {
        runs.find(cause.runId()).ifPresent(this::resync);
    }

    private void resync(SyncRun failed) {
        WriteBatch batch = firestore.batch();
        for (EntityType type : cursors.forIntegration(failed.integrationId()).keySet()) {
            batch.delete(cursors.reference(failed.integrationId(), type));
        }
        await(batch.commit());
        SyncRun resync = dispatcher.trigger(new RunTrigger("full-resync:" + failed.runId(), failed.integrationId(), failed.runType(),
                Direction.PULL, List.of(), Map.of(), "rostersync: cursor expired in run " + failed.runId(), PullMode.FULL));
        log.warn("run {} of {}: the SIS no longer serves changes from its cursor; cursors dropped, full resync {} ({})",
                failed.runId(), failed.integrationId(), resync.runId(), resync.status().value());
    }
}
