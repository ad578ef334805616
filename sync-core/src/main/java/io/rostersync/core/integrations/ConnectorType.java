package io.rostersync.core.integrations;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The SIS standards RosterSync speaks; the value is the path segment used in webhook URLs and topic names. */
public enum ConnectorType {
    ONEROSTER("oneroster"),
    EDFI("edfi");

    private final String value;

    ConnectorType(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** Whether the standard accepts writes: OneRoster 1.2 rostering is read-only, the Ed-Fi ODS/API is not. */
    public boolean writable() {
        return this == EDFI;
    }

    /**
     * @throws IllegalArgumentException for anything but {@code oneroster} or {@code edfi}
     */
    @JsonCreator
    public static ConnectorType fromValue(String value) {
        for (ConnectorType type : values()) {
            if (type.value.equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown connector '" + value + "'; expected oneroster or edfi");
    }
}
