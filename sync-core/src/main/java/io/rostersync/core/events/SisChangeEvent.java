package io.rostersync.core.events;

import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.roster.EntityType;
import java.time.Instant;
import java.util.List;

/**
 * A verified SIS webhook, as the gateway publishes it on {@code sis.changes}.
 *
 * @param entityType the entity the SIS names, or null when it did not say
 * @param ids the sourcedIds the SIS names; empty when it did not say (the orchestrator then pulls incrementally)
 * @param changeKind what the SIS says happened (created, updated, deleted, ...), or null
 */
public record SisChangeEvent(
        String webhookId,
        ConnectorType connector,
        String integrationId,
        EntityType entityType,
        List<String> ids,
        String changeKind,
        Instant receivedAt) implements RosterEvent {

    public SisChangeEvent {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }
}
