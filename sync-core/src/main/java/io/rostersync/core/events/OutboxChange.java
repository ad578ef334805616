package io.rostersync.core.events;

import io.rostersync.core.roster.EntityType;
import java.time.Instant;
import java.util.Map;

/**
 * A local edit waiting to be pushed to the SIS.
 *
 * @param etag the SIS version the edit was based on (sent as {@code If-Match}), or null for a create
 * @param fields the changed canonical fields and their new values
 */
public record OutboxChange(
        String changeId,
        EntityType entityType,
        String sourcedId,
        String etag,
        Map<String, Object> fields,
        Instant changedAt) {

    public OutboxChange {
        fields = io.rostersync.core.roster.Snapshots.copyOf(fields);
    }
}
