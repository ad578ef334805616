package io.rostersync.core.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** SyncRun lifecycle: queued → running → succeeded | partial | failed | cancelled. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, CANCELLED;

    public boolean active() {
        return this == QUEUED || this == RUNNING;
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
