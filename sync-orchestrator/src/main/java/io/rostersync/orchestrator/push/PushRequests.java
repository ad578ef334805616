package io.rostersync.orchestrator.push;

import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Asks for a push run once something lands in an integration's outbox (a local edit, a conflict resolution that
 * keeps local values). The request goes through {@code sync.requests} like any other, so a burst of edits coalesces
 * into one running push and at most one queued follow-up. Integrations whose SIS takes no writes, or that are
 * disabled, are left alone: their changes wait in the outbox.
 */
public class PushRequests {

    private final Integrations integrations;
    private final EventPublisher publisher;
    private final Clock clock;

    public PushRequests(Integrations integrations, EventPublisher publisher, Clock clock) {
        this.integrations = integrations;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** @return whether a push was requested */
    public boolean requestSoon(String integrationId, String requestedBy) {
        return integrations.find(integrationId).filter(i -> i.enabled() && i.connector().writable()).map(i -> {
            publisher.publishAndWait(Topics.SYNC_REQUESTS, integrationId, UUID.randomUUID().toString(), null,
                    new SyncRequested(integrationId, RunType.MANUAL, Direction.PUSH, List.of(), requestedBy, clock.instant()));
            return true;
        }).orElse(false);
    }
}
