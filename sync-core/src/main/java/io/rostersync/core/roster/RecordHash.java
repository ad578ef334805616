package io.rostersync.core.roster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Content hash of a record's attributes and status, independent of map order and of the
 * SIS's timestamps, so that an unchanged record re-sent by the SIS is recognised as unchanged.
 */
public final class RecordHash {

    private RecordHash() {
    }

    public static String of(RosterRecord record) {
        StringBuilder canonical = new StringBuilder(256);
        canonical.append(record.status().value()).append('|');
        append(canonical, record.attributes());
        return sha256(canonical.toString());
    }

    private static void append(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            new TreeMap<>(map).forEach((k, v) -> {
                out.append(k).append('=');
                append(out, v);
                out.append(';');
            });
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            list.forEach(v -> {
                append(out, v);
                out.append(',');
            });
            out.append(']');
        } else if (value instanceof Number number) {
            // Firestore returns whole numbers as Long and JSON may give Integer: hash them alike.
            out.append(number instanceof Double || number instanceof Float ? number.toString() : Long.toString(number.longValue()));
        } else {
            out.append(value);
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
