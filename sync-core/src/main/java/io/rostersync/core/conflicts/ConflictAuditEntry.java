package io.rostersync.core.conflicts;

import java.time.Instant;
import java.util.Map;

/**
 * One action on a conflict, kept with it in its {@code audit} array.
 *
 * @param action {@code resolved} or {@code superseded}
 * @param actor the principal who resolved it, or {@code system}
 * @param strategy for a resolution: {@code keep-local}, {@code keep-remote} or {@code merge}; otherwise null
 * @param choices for a resolution: per conflicting field {@code local}, {@code remote} or {@code edited}
 * @param before the local values before the action (the local snapshot)
 * @param after the values the record holds after it (the resulting record); empty when superseded
 * @param supersededBy when superseded: the newer conflict; otherwise null
 */
public record ConflictAuditEntry(
        String action,
        String actor,
        Instant at,
        String strategy,
        Map<String, String> choices,
        Map<String, Object> before,
        Map<String, Object> after,
        String supersededBy) {

    public static final String RESOLVED = "resolved";
    public static final String SUPERSEDED = "superseded";

    public ConflictAuditEntry {
        choices = choices == null ? Map.of() : Map.copyOf(choices);
        before = io.rostersync.core.roster.Snapshots.copyOf(before);
        after = io.rostersync.core.roster.Snapshots.copyOf(after);
    }
}
