package io.rostersync.core.roster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies of attribute maps that, unlike {@link Map#copyOf}, keep null values (a cleared field is data). */
public final class Snapshots {

    private Snapshots() {
    }

    public static Map<String, Object> copyOf(Map<String, Object> source) {
        return source == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
