package io.rostersync.core.connector;

import io.rostersync.core.events.PullMode;
import io.rostersync.core.roster.EntityType;
import java.util.Set;

/** What a connector can do, declared so the orchestrator never asks for the impossible. */
public record ConnectorCapabilities(Set<EntityType> entityTypes, Set<PullMode> pullModes, boolean canPush) {

    public ConnectorCapabilities {
        entityTypes = Set.copyOf(entityTypes);
        pullModes = Set.copyOf(pullModes);
    }
}
