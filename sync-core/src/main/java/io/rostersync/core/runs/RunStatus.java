package io.rostersync.core.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * SyncRun lifecycle: queued → running → succeeded | partial | failed | cancelled. A pull whose changes cross its
 * integration's mass-change thresholds goes running → on_hold, and from there running (approved) or cancelled
 * (rejected). A scheduled run that falls into a blackout window is recorded as skipped and never runs.
 */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, CANCELLED, ON_HOLD, SKIPPED;

    /** Queued or running: batches may still arrive and be applied. A run on hold is waiting for an operator, not active. */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    /** Whether a run in this status keeps its integration's next run waiting (one run at a time, and a held one counts). */
    public boolean blocking() {
        return active() || this == ON_HOLD;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static RunStatus fromValue(String value) {
        return valueOf(value.toUpperCase());
    }
}
