package io.rostersync.conflicts.resolution;

import io.rostersync.core.conflicts.SyncConflict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One field of a conflict compared across base, local and remote.
 *
 * @param conflicting true when both sides changed it to different values (the orchestrator held it)
 */
public record FieldDiff(String field, Object base, Object local, Object remote,
                        boolean localChanged, boolean remoteChanged, boolean conflicting) {

    /** Every field in the union of the three snapshots, by name. */
    public static List<FieldDiff> of(SyncConflict conflict) {
        TreeSet<String> names = new TreeSet<>();
        names.addAll(conflict.baseSnapshot().keySet());
        names.addAll(conflict.localSnapshot().keySet());
        names.addAll(conflict.remoteSnapshot().keySet());
        List<FieldDiff> diff = new ArrayList<>();
        for (String name : names) {
            Object base = conflict.baseSnapshot().get(name);
            Object local = conflict.localSnapshot().get(name);
            Object remote = conflict.remoteSnapshot().get(name);
            diff.add(new FieldDiff(name, base, local, remote, !same(base, local), !same(base, remote),
                    conflict.fields().contains(name)));
        }
        return diff;
    }

    /** Equality as the roster sees it: Firestore returns every integer as a Long. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            boolean integral = !(x instanceof Double || x instanceof Float || y instanceof Double || y instanceof Float);
            return integral ? x.longValue() == y.longValue() : Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }

    static boolean same(Map<String, Object> a, Map<String, Object> b, String field) {
        return same(a.get(field), b.get(field));
    }
}
