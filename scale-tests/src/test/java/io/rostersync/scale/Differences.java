package io.rostersync.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How two id → version maps differ, small enough to read in a failed assertion: counts of missing, extra and
 * different records with up to five ids of each.
 */
record Differences(long missing, long extra, long different, List<String> examples) {

    static final Differences NONE = new Differences(0, 0, 0, List.of());

    static Differences between(Map<String, String> expected, Map<String, String> actual) {
        long missing = 0, extra = 0, different = 0;
        List<String> examples = new ArrayList<>();
        for (var entry : expected.entrySet()) {
            String found = actual.get(entry.getKey());
            if (found == null) {
                missing++;
                note(examples, "missing " + entry.getKey());
            } else if (!Objects.equals(found, entry.getValue())) {
                different++;
                note(examples, entry.getKey() + ": expected " + entry.getValue() + ", found " + found);
            }
        }
        for (String id : actual.keySet()) {
            if (!expected.containsKey(id)) {
                extra++;
                note(examples, "extra " + id);
            }
        }
        return missing + extra + different == 0 ? NONE : new Differences(missing, extra, different, examples);
    }

    private static void note(List<String> examples, String example) {
        if (examples.size() < 15) {
            examples.add(example);
        }
    }
}
