package io.rostersync.health.sync;

/**
 * The answer to a manual sync: the request is on {@code sync.requests}; the run appears once the orchestrator
 * picks it up (its {@code triggerId} is this event id).
 */
record SyncAccepted(String eventId, String integrationId) {
}
