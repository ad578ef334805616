package io.rostersync.core.runs;

import java.util.Map;

/** What a run did to records; kept per run and per entity type. */
public record RunCounts(long fetched, long created, long updated, long deleted, long unchanged, long conflicts, long failed) {

    public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0, 0, 0);

    public RunCounts plus(RunCounts other) {
        return new RunCounts(fetched + other.fetched, created + other.created, updated + other.updated,
                deleted + other.deleted, unchanged + other.unchanged, conflicts + other.conflicts, failed + other.failed);
    }

    public Map<String, Long> asMap() {
        return Map.of("fetched", fetched, "created", created, "updated", updated, "deleted", deleted,
                "unchanged", unchanged, "conflicts", conflicts, "failed", failed);
    }

    public static RunCounts fromMap(Map<String, ?> map) {
        if (map == null) {
            return ZERO;
        }
        return new RunCounts(value(map, "fetched"), value(map, "created"), value(map, "updated"), value(map, "deleted"),
                value(map, "unchanged"), value(map, "conflicts"), value(map, "failed"));
    }

    private static long value(Map<String, ?> map, String key) {
        return map.get(key) instanceof Number n ? n.longValue() : 0L;
    }
}
