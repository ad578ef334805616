package io.rostersync.core.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How much a pull reads: everything, what changed since the cursors, or the ids a webhook named. */
public enum PullMode {
    FULL, INCREMENTAL, TARGETED;

    @JsonValue
    public String value() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static PullMode fromValue(String value) {
        return valueOf(value.toUpperCase());
    }
}
