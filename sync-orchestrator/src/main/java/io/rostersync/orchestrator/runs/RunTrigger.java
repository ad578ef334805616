package io.rostersync.orchestrator.runs;

import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import java.util.List;
import java.util.Map;

/**
 * Something that asks for a run: a manual or scheduled request, or a webhook.
 *
 * @param triggerId the event id of the trigger; the run's id derives from it, so a redelivered trigger finds its run
 * @param targetIds ids a webhook named, per entity type; empty for anything but a targeted pull
 * @param requestedMode a mode the requester insists on (an operator's full resync), or null to let the engine choose
 * @param attempt 1 for a first run; more for the retry of a run that stalled
 * @param noticedAt when the SIS's notice reached us (a webhook's receipt time), or null for anything else: a pull run that
 *                  started after it reads the SIS after the change it announces
 */
public record RunTrigger(String triggerId, String integrationId, RunType runType, Direction direction,
                         List<EntityType> entityTypes, Map<EntityType, List<String>> targetIds, String requestedBy,
                         io.rostersync.core.events.PullMode requestedMode, int attempt,
                         java.time.Instant noticedAt) {

    public RunTrigger(String triggerId, String integrationId, RunType runType, Direction direction, List<EntityType> entityTypes,
                      Map<EntityType, List<String>> targetIds, String requestedBy, io.rostersync.core.events.PullMode requestedMode) {
        this(triggerId, integrationId, runType, direction, entityTypes, targetIds, requestedBy, requestedMode, 1, null);
    }

    public RunTrigger(String triggerId, String integrationId, RunType runType, Direction direction, List<EntityType> entityTypes,
                      Map<EntityType, List<String>> targetIds, String requestedBy,
                      io.rostersync.core.events.PullMode requestedMode, int attempt) {
        this(triggerId, integrationId, runType, direction, entityTypes, targetIds, requestedBy, requestedMode, attempt, null);
    }

    /** The SIS's webhook id when a webhook asked for the run ({@code requestedBy} is {@code webhook:<id>}), else null. */
    public String webhookId() {
        return requestedBy != null && requestedBy.startsWith("webhook:") ? requestedBy.substring("webhook:".length()) : null;
    }

    public RunTrigger {
        attempt = Math.max(1, attempt);
        entityTypes = entityTypes == null || entityTypes.isEmpty() ? List.of(EntityType.values()) : List.copyOf(entityTypes);
        targetIds = targetIds == null ? Map.of() : Map.copyOf(targetIds);
    }
}
