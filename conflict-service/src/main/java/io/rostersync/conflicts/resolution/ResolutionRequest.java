package io.rostersync.conflicts.resolution;

import java.util.Map;

/**
 * An operator's decision on one conflict.
 *
 * @param strategy {@code keep-local}, {@code keep-remote} or {@code merge}
 * @param fields for {@code merge}: a choice for every conflicting field (and optionally other fields); else empty
 * @param basedOn the conflict version the decision was taken on
 */
public record ResolutionRequest(String strategy, Map<String, FieldChoice> fields, String basedOn) {

    public static final String KEEP_LOCAL = "keep-local";
    public static final String KEEP_REMOTE = "keep-remote";
    public static final String MERGE = "merge";

    public ResolutionRequest {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
