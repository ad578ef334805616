package io.rostersync.simulator.district;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * What every record has regardless of standard: id, soft-delete status, last change and free metadata.
 *
 * @param sourcedId    stable id
 * @param status       active or to be deleted
 * @param lastModified instant of the last change, millisecond precision (what OneRoster renders)
 * @param metadata     extension values, never null
 * @param changeVersion the district-wide change version of the last write (Ed-Fi change queries); 0 = not stored yet
 */
public record Meta(String sourcedId, RecordStatus status, Instant lastModified, Map<String, Object> metadata,
        long changeVersion) {

    public Meta(String sourcedId, RecordStatus status, Instant lastModified, Map<String, Object> metadata) {
        this(sourcedId, status, lastModified, metadata, 0);
    }

    public Meta {
        Objects.requireNonNull(sourcedId, "sourcedId");
        Objects.requireNonNull(status, "status");
        lastModified = lastModified.truncatedTo(ChronoUnit.MILLIS);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static Meta active(String sourcedId, Instant lastModified) {
        return new Meta(sourcedId, RecordStatus.ACTIVE, lastModified, Map.of());
    }

    public Meta touched(Instant at) {
        return new Meta(sourcedId, status, at, metadata);
    }

    public Meta versioned(long version) {
        return new Meta(sourcedId, status, lastModified, metadata, version);
    }

    public Meta deleted(Instant at) {
        return new Meta(sourcedId, RecordStatus.TO_BE_DELETED, at, metadata);
    }
}
