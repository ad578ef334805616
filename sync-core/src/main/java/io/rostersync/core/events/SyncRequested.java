package io.rostersync.core.events;

import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import java.time.Instant;
import java.util.List;

/**
 * A request to run a sync, from an operator, the scheduler or an API client.
 *
 * @param entityTypes the entity types to sync; empty means all the connector supports
 * @param requestedBy who asked (a principal name, or "scheduler")
 * @param mode {@code full} to re-read everything (and tombstone what the SIS no longer has); null lets the
 *     orchestrator choose (full on the first run, incremental after)
 */
public record SyncRequested(
        String integrationId,
        RunType runType,
        Direction direction,
        List<EntityType> entityTypes,
        String requestedBy,
        Instant requestedAt,
        PullMode mode) implements RosterEvent {

    public SyncRequested(String integrationId, RunType runType, Direction direction, List<EntityType> entityTypes,
                         String requestedBy, Instant requestedAt) {
        this(integrationId, runType, direction, entityTypes, requestedBy, requestedAt, null);
    }

    public SyncRequested {
        entityTypes = entityTypes == null ? List.of() : List.copyOf(entityTypes);
        direction = direction == null ? Direction.PULL : direction;
    }
}
