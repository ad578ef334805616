package io.rostersync.health.integrations;

import com.fasterxml.jackson.annotation.JsonValue;

/** The one-word health the dashboard colours an integration by. */
public enum IntegrationStatus {
    HEALTHY, DEGRADED, FAILING, DISABLED, UNKNOWN;

    @JsonValue
    public String value() {
        return name().toLowerCase();
    }
}
