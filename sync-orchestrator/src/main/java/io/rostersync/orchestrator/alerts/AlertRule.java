package io.rostersync.orchestrator.alerts;

/** The conditions an integration can be alerted on; the value is the rule's name in payloads and the API. */
enum AlertRule {
    CONSECUTIVE_FAILURES("consecutive-failures"),
    NO_SUCCESS("no-success"),
    OPEN_CONFLICTS("open-conflicts"),
    DEAD_LETTERS("dead-letters"),
    RUN_ON_HOLD("run-on-hold"),
    INTEGRATION_DISABLED("integration-disabled");

    private final String value;

    AlertRule(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }
}
