package io.rostersync.core.roster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** OneRoster record status; {@code tobedeleted} is how a SIS announces a delete. */
public enum RecordStatus {
    ACTIVE("active"),
    TOBEDELETED("tobedeleted");

    private final String value;

    RecordStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static RecordStatus fromValue(String value) {
        for (RecordStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown record status '" + value + "'");
    }
}
