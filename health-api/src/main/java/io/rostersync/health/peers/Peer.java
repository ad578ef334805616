package io.rostersync.health.peers;

/** A service the health API relays to. */
enum Peer {
    ORCHESTRATOR("sync-orchestrator"),
    CONFLICTS("conflict-service"),
    DEAD_LETTERS("deadletter-service");

    private final String serviceName;

    Peer(String serviceName) {
        this.serviceName = serviceName;
    }

    String serviceName() {
        return serviceName;
    }

    String baseUrl(PeerSettings settings) {
        return switch (this) {
            case ORCHESTRATOR -> settings.orchestratorUrl();
            case CONFLICTS -> settings.conflictsUrl();
            case DEAD_LETTERS -> settings.deadlettersUrl();
        };
    }
}
