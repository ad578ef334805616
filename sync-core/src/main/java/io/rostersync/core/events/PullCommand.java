package io.rostersync.core.events;

import io.rostersync.core.roster.EntityType;
import java.util.List;
import java.util.Map;

/**
 * Asks a connector to pull records and stream them to {@code sync.records}.
 *
 * @param cursors the cursor per entity type from the last successful run; absent entries mean "from the start"
 * @param targetIds for {@link PullMode#TARGETED}: the sourcedIds to fetch per entity type
 */
public record PullCommand(
        String runId,
        String integrationId,
        ConnectionSettings connection,
        PullMode mode,
        List<EntityType> entityTypes,
        Map<EntityType, String> cursors,
        Map<EntityType, List<String>> targetIds) implements ConnectorCommand {

    public PullCommand {
        entityTypes = entityTypes == null ? List.of() : List.copyOf(entityTypes);
        cursors = cursors == null ? Map.of() : Map.copyOf(cursors);
        targetIds = targetIds == null ? Map.of() : Map.copyOf(targetIds);
    }
}
