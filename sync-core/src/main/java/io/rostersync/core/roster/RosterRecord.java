package io.rostersync.core.roster;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One normalized roster record as a connector delivers it and the orchestrator stores it.
 *
 * <p>{@code attributes} holds the canonical OneRoster 1.2 fields of the entity other than
 * {@code sourcedId}, {@code status} and {@code dateLastModified} (for a user: givenName,
 * familyName, roles, ...). Values are JSON-compatible: strings, numbers, booleans, lists and maps.
 * Attributes are kept sorted so hashes and golden files are stable.
 *
 * @param etag the SIS's version tag when it has one (Ed-Fi {@code _etag}), else null
 */
public record RosterRecord(
        EntityType entityType,
        String sourcedId,
        RecordStatus status,
        Instant dateLastModified,
        String etag,
        Map<String, Object> attributes) {

    public RosterRecord {
        Objects.requireNonNull(entityType, "entityType");
        if (sourcedId == null || sourcedId.isBlank()) {
            throw new IllegalArgumentException("sourcedId is required");
        }
        status = status == null ? RecordStatus.ACTIVE : status;
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public boolean deleted() {
        return status == RecordStatus.TOBEDELETED;
    }
}
