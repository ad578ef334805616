package io.rostersync.localstack;

/** The processes of the stack that run as application contexts, with their documented default ports. */
public enum Service {
    SIMULATOR("sis-simulator", 8095),
    ORCHESTRATOR("sync-orchestrator", 8082),
    CONNECTOR_ONEROSTER("connector-oneroster", 8085),
    CONNECTOR_EDFI("connector-edfi", 8086),
    CONFLICTS("conflict-service", 8083),
    DEAD_LETTERS("deadletter-service", 8084),
    GATEWAY("webhook-gateway", 8081),
    HEALTH("health-api", 8090);

    private final String moduleName;
    private final int defaultPort;

    Service(String moduleName, int defaultPort) {
        this.moduleName = moduleName;
        this.defaultPort = defaultPort;
    }

    public String moduleName() {
        return moduleName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The environment variable that overrides the port, e.g. {@code HEALTH_API_PORT}. */
    public String portVariable() {
        return moduleName.toUpperCase().replace('-', '_') + "_PORT";
    }
}
