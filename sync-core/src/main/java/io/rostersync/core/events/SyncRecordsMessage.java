package io.rostersync.core.events;

/**
 * Messages on {@code sync.records}, keyed by runId so that a run's batches and its completion
 * marker stay in one partition, in order.
 */
public sealed interface SyncRecordsMessage extends RosterEvent permits RecordBatch, PullCompleted, PullFailed, PushResult {

    String runId();
}
