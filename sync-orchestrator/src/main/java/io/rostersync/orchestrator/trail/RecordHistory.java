package io.rostersync.orchestrator.trail;

import com.google.cloud.firestore.DocumentReference;
import io.rostersync.core.firestore.FirestoreValues;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A roster record's change history at {@code integrations/{id}/{entityType}/{sourcedId}/history/{runId}}: one entry per
 * run that changed it, with the fields before and after. Keyed by run, so a redelivered batch writes the same entry.
 * Creation is not an entry (a first sync would double its writes): the record keeps {@code _sync.createdRunId}.
 */
public final class RecordHistory {

    public static final String COLLECTION = "history";
    public static final String CREATED_RUN_ID = "createdRunId";

    private RecordHistory() {
    }

    public static DocumentReference reference(DocumentReference record, String runId) {
        return record.collection(COLLECTION).document(runId);
    }

    /**
     * @param change {@code updated}, {@code deleted} or {@code merged} (a local edit met an SIS change)
     * @param before the record's status and attributes before the run; after, what the run left
     * @param conflictFields fields held for a decision; empty when none
     */
    public static Map<String, Object> entry(String runId, String change, Map<String, Object> before, Map<String, Object> after,
                                            List<String> conflictFields, Instant at) {
        Map<String, Object> fields = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            Object b = before.get(name);
            Object a = after.get(name);
            if (!Objects.equals(normal(b), normal(a))) {
                Map<String, Object> diff = new HashMap<>();
                diff.put("before", b);
                diff.put("after", a);
                fields.put(name, diff);
            }
        }
        Map<String, Object> entry = new HashMap<>();
        entry.put("runId", runId);
        entry.put("change", change);
        entry.put("fields", fields);
        entry.put("conflictFields", conflictFields);
        entry.put("at", FirestoreValues.timestamp(at));
        return entry;
    }

    /** Firestore gives whole numbers back as Long where the SIS's JSON gave Integer: the same value is no change. */
    private static Object normal(Object value) {
        return value instanceof Number n && !(n instanceof Double || n instanceof Float) ? Long.valueOf(n.longValue()) : value;
    }
}
