package io.rostersync.orchestrator.holds;

/** What a guarded run's completion leads to. */
public enum GuardOutcome {
    /** Within the thresholds, or approved: apply the staged batches and complete. */
    APPLY,
    /** Crossed a threshold: the run is on hold and nothing is applied. */
    HELD,
    /** Not every batch arrived: apply nothing and let the completion fail the run as for any pull. */
    INCOMPLETE,
    /** The run already ended or is on hold (a redelivered completion): nothing to do. */
    ENDED
}
