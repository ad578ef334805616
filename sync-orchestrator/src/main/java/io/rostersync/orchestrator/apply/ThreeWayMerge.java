package io.rostersync.orchestrator.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Field-level three-way comparison of a record's base (the last SIS version applied), local and remote
 * versions. Only remote changed → take it; only local changed → keep it; both changed to the same value →
 * take it; both changed to different values → the policy decides, and under {@code manual} (or an unowned
 * field) the local value is held and the field reported as a conflict.
 */
public final class ThreeWayMerge {

    private ThreeWayMerge() {
    }

    /**
     * @param merged the attributes the record holds after the merge
     * @param newBase the base to store: the remote version, except that held conflicting fields keep their old
     *     base so the divergence is still visible on the next sync instead of silently becoming a local change
     * @param conflicts fields held for a decision (a {@code ConflictDetected} is due when not empty)
     * @param decided conflicting fields the policy settled automatically
     * @param localWins fields where a local value was kept over a different remote one (to be pushed)
     */
    public record Result(Map<String, Object> merged, Map<String, Object> newBase, List<String> conflicts,
                         List<String> decided, List<String> localWins) {
        public boolean hasConflicts() {
            return !conflicts.isEmpty();
        }
    }

    /**
     * @param remoteChangedAt when the SIS changed the record ({@code dateLastModified}); may be null
     * @param localChangedAt when it was last edited locally; may be null (never)
     */
    public static Result merge(Map<String, Object> base, Map<String, Object> local, Map<String, Object> remote,
                               ConflictPolicy policy, Instant remoteChangedAt, Instant localChangedAt) {
        Map<String, Object> merged = new LinkedHashMap<>();
        Map<String, Object> newBase = new LinkedHashMap<>(remote);
        List<String> conflicts = new ArrayList<>();
        List<String> decided = new ArrayList<>();
        List<String> localWins = new ArrayList<>();
        TreeSet<String> fields = new TreeSet<>();
        fields.addAll(base.keySet());
        fields.addAll(local.keySet());
        fields.addAll(remote.keySet());
        for (String field : fields) {
            Object b = base.get(field);
            Object l = local.get(field);
            Object r = remote.get(field);
            boolean remoteChanged = !same(b, r);
            boolean localChanged = !same(b, l);
            Object value;
            if (!localChanged || same(l, r)) {
                value = r;
            } else if (!remoteChanged) {
                value = l;
                localWins.add(field);
            } else {
                Side winner = decide(field, policy, remoteChangedAt, localChangedAt);
                if (winner == Side.REMOTE) {
                    value = r;
                    decided.add(field);
                } else if (winner == Side.LOCAL) {
                    value = l;
                    decided.add(field);
                    localWins.add(field);
                } else {
                    value = l;
                    conflicts.add(field);
                    putOrRemove(newBase, field, b);
                }
            }
            putOrRemove(merged, field, value);
        }
        return new Result(merged, newBase, conflicts, decided, localWins);
    }

    private enum Side { LOCAL, REMOTE, HOLD }

    private static Side decide(String field, ConflictPolicy policy, Instant remoteChangedAt, Instant localChangedAt) {
        return switch (policy.name()) {
            case "remote-wins" -> Side.REMOTE;
            case "local-wins" -> Side.LOCAL;
            // The simplest rule: the later edit wins; with no local timestamp the SIS's version is the only one dated.
            case "newest-wins" -> localChangedAt != null && (remoteChangedAt == null || localChangedAt.isAfter(remoteChangedAt))
                    ? Side.LOCAL : Side.REMOTE;
            case "field-ownership" -> switch (policy.fieldOwnership().getOrDefault(field, "")) {
                case "sis" -> Side.REMOTE;
                case "local" -> Side.LOCAL;
                default -> Side.HOLD;
            };
            default -> Side.HOLD;
        };
    }

    /** Equality as JSON sees it: Firestore hands back whole numbers as Long where the SIS's JSON gave Integer. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return (x instanceof Double || x instanceof Float || y instanceof Double || y instanceof Float)
                    ? x.doubleValue() == y.doubleValue() : x.longValue() == y.longValue();
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.entrySet().stream().allMatch(e -> y.containsKey(e.getKey()) && same(e.getValue(), y.get(e.getKey())));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static void putOrRemove(Map<String, Object> map, String field, Object value) {
        if (value == null) {
            map.remove(field);
        } else {
            map.put(field, value);
        }
    }
}
