package io.rostersync.core.conflicts;

import io.rostersync.core.roster.EntityType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An open, resolved or superseded divergence, at {@code syncConflicts/{conflictId}}.
 *
 * @param supersededBy when {@link #SUPERSEDED}: the newer conflict on the same record; otherwise null
 * @param resultingRecord when {@link #RESOLVED}: the attributes the record must hold; otherwise empty
 * @param published when {@link #RESOLVED}: whether its {@code ConflictResolved} event reached Kafka
 */
public record SyncConflict(
        String conflictId,
        String integrationId,
        EntityType entityType,
        String recordId,
        String runId,
        String status,
        Map<String, Object> baseSnapshot,
        Map<String, Object> localSnapshot,
        Map<String, Object> remoteSnapshot,
        List<String> fields,
        String resolution,
        String resolvedBy,
        Instant detectedAt,
        Instant resolvedAt,
        String supersededBy,
        Map<String, Object> resultingRecord,
        boolean published) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";
    public static final String SUPERSEDED = "superseded";

    public SyncConflict {
        baseSnapshot = io.rostersync.core.roster.Snapshots.copyOf(baseSnapshot);
        localSnapshot = io.rostersync.core.roster.Snapshots.copyOf(localSnapshot);
        remoteSnapshot = io.rostersync.core.roster.Snapshots.copyOf(remoteSnapshot);
        resultingRecord = io.rostersync.core.roster.Snapshots.copyOf(resultingRecord);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** A newly detected conflict (the shape before this record grew its resolution fields). */
    public SyncConflict(String conflictId, String integrationId, EntityType entityType, String recordId, String runId,
                        String status, Map<String, Object> baseSnapshot, Map<String, Object> localSnapshot,
                        Map<String, Object> remoteSnapshot, List<String> fields, String resolution, String resolvedBy,
                        Instant detectedAt, Instant resolvedAt) {
        this(conflictId, integrationId, entityType, recordId, runId, status, baseSnapshot, localSnapshot, remoteSnapshot,
                fields, resolution, resolvedBy, detectedAt, resolvedAt, null, Map.of(), false);
    }

    /**
     * A token for optimistic concurrency: a hash of the status and the three snapshots. A resolution must name the
     * version it was decided on, so a decision taken on a view that has since changed is refused.
     */
    public String version() {
        String canonical = status + "|" + canonical(baseSnapshot) + "|" + canonical(localSnapshot) + "|"
                + canonical(remoteSnapshot) + "|" + fields;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            new TreeMap<>(map.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    e -> String.valueOf(e.getKey()), e -> canonical(e.getValue())))).forEach((k, v) -> out.append(k).append('=').append(v).append(','));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SyncConflict::canonical).toList().toString();
        }
        if (value instanceof Number n) {
            // Firestore hands integers back as Long whatever they were written as.
            return n instanceof Double || n instanceof Float ? n.toString() : Long.toString(n.longValue());
        }
        return String.valueOf(value);
    }
}
