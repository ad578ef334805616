package io.rostersync.orchestrator.apply;

import io.rostersync.core.roster.EntityType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Per entity type outcome of a pull, kept on the run ({@code entityStatus}, {@code entityErrors}) so a retry knows
 * which types to read again and the run history shows which failed.
 */
public final class EntityOutcomes {

    public static final String STATUS = "entityStatus";
    public static final String ERRORS = "entityErrors";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private EntityOutcomes() {
    }

    static Map<String, String> statuses(List<EntityType> read, Map<EntityType, String> failed) {
        Map<String, String> statuses = new TreeMap<>();
        read.forEach(type -> statuses.put(type.collection(), failed.containsKey(type) ? FAILED : SUCCEEDED));
        failed.keySet().forEach(type -> statuses.put(type.collection(), FAILED));
        return statuses;
    }

    static Map<String, String> errors(Map<EntityType, String> failed) {
        Map<String, String> errors = new TreeMap<>();
        failed.forEach((type, reason) -> errors.put(type.collection(), reason));
        return errors;
    }

    static String describe(Map<EntityType, String> failed) {
        String types = failed.keySet().stream().map(EntityType::collection).sorted().collect(Collectors.joining(", "));
        String reasons = new TreeMap<>(errors(failed)).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
        return types + " could not be read (" + reasons + "); the other entity types were applied and their cursors moved; "
                + "a retry reads only " + types;
    }
}
