package io.rostersync.core.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What triggered a run. */
public enum RunType {
    MANUAL, SCHEDULED, WEBHOOK;

    @JsonValue
    public String value() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static RunType fromValue(String value) {
        return valueOf(value.toUpperCase());
    }
}
