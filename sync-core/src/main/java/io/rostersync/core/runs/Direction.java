package io.rostersync.core.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pull reads the SIS into Firestore; push writes local edits back to the SIS. */
public enum Direction {
    PULL, PUSH;

    @JsonValue
    public String value() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Direction fromValue(String value) {
        return valueOf(value.toUpperCase());
    }
}
