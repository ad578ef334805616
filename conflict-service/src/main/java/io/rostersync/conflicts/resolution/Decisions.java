package io.rostersync.conflicts.resolution;

import io.rostersync.core.conflicts.ConflictResolution;
import io.rostersync.core.conflicts.SyncConflict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a strategy into the record a conflict must leave behind. The result starts from the local snapshot, takes
 * what only the SIS changed (as the orchestrator's three-way merge already did), and decides each conflicting field
 * by the strategy or the operator's per-field choice.
 */
final class Decisions {

    private Decisions() {
    }

    /**
     * @throws IllegalArgumentException when a merge leaves a conflicting field undecided or names an unknown field
     */
    static ConflictResolution decide(SyncConflict conflict, ResolutionRequest request, String resolvedBy, Instant at) {
        Map<String, Object> base = conflict.baseSnapshot();
        Map<String, Object> local = conflict.localSnapshot();
        Map<String, Object> remote = conflict.remoteSnapshot();
        TreeSet<String> union = new TreeSet<>(base.keySet());
        union.addAll(local.keySet());
        union.addAll(remote.keySet());

        Map<String, Object> result = new LinkedHashMap<>(local);
        for (String field : union) {
            if (!conflict.fields().contains(field) && FieldDiff.same(base, local, field) && !FieldDiff.same(base, remote, field)) {
                result.put(field, remote.get(field));
            }
        }
        Map<String, String> choices = new LinkedHashMap<>();
        switch (request.strategy()) {
            case ResolutionRequest.KEEP_LOCAL, ResolutionRequest.KEEP_REMOTE -> {
                boolean remoteWins = ResolutionRequest.KEEP_REMOTE.equals(request.strategy());
                for (String field : conflict.fields()) {
                    result.put(field, remoteWins ? remote.get(field) : local.get(field));
                    choices.put(field, remoteWins ? FieldChoice.REMOTE : FieldChoice.LOCAL);
                }
            }
            case ResolutionRequest.MERGE -> {
                List<String> undecided = conflict.fields().stream().filter(f -> !request.fields().containsKey(f)).toList();
                if (!undecided.isEmpty()) {
                    throw new IllegalArgumentException("merge must choose local, remote or {\"value\":...} for every conflicting field; missing "
                            + undecided);
                }
                List<String> unknown = request.fields().keySet().stream().filter(f -> !union.contains(f)).sorted().toList();
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException("fields " + unknown + " are not fields of this record");
                }
                new java.util.TreeMap<>(request.fields()).forEach((field, choice) -> {
                    Object value = switch (choice.side()) {
                        case FieldChoice.LOCAL -> local.get(field);
                        case FieldChoice.REMOTE -> remote.get(field);
                        default -> choice.value();
                    };
                    result.put(field, value);
                    choices.put(field, choice.side());
                });
            }
            default -> throw new IllegalArgumentException("unknown strategy '" + request.strategy() + "'");
        }
        return new ConflictResolution(request.strategy(), choices, result, resolvedBy, at);
    }
}
