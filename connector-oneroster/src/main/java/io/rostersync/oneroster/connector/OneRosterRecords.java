package io.rostersync.oneroster.connector;

import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns OneRoster 1.2 JSON objects into canonical {@link RosterRecord}s and refuses the ones that lack what the
 * sync needs. Attributes keep every other field (including {@code metadata}) as plain JSON values.
 */
final class OneRosterRecords {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper json;

    OneRosterRecords(JsonMapper json) {
        this.json = json;
    }

    /** Either a record or the reason it was refused; the reason names fields only, never their values. */
    record Normalized(RosterRecord record, String sourcedId, String problem) {
        boolean valid() {
            return record != null;
        }
    }

    Normalized normalize(EntityType type, JsonNode node) {
        if (node == null || !node.isObject()) {
            return invalid(null, "is not a JSON object");
        }
        JsonNode id = node.path("sourcedId");
        if (!id.isString() || id.asString().isBlank()) {
            return invalid(null, "has no sourcedId");
        }
        String sourcedId = id.asString();
        JsonNode statusNode = node.path("status");
        RecordStatus status;
        try {
            status = statusNode.isString() ? RecordStatus.fromValue(statusNode.asString()) : null;
        } catch (IllegalArgumentException e) {
            status = null;
        }
        if (status == null) {
            return invalid(sourcedId, "has no valid status (active or tobedeleted)");
        }
        Instant modified = instant(node.path("dateLastModified"));
        if (modified == null) {
            return invalid(sourcedId, "has no ISO-8601 dateLastModified");
        }
        // A record marked tobedeleted may be trimmed by the SIS to its identity: only live records must be complete.
        if (status == RecordStatus.ACTIVE) {
            String missing = missingField(type, node);
            if (missing != null) {
                return invalid(sourcedId, "lacks the required field " + missing);
            }
        }
        Map<String, Object> attributes = json.convertValue(node, MAP);
        attributes.remove("sourcedId");
        attributes.remove("status");
        attributes.remove("dateLastModified");
        return new Normalized(new RosterRecord(type, sourcedId, status, modified, null, attributes), sourcedId, null);
    }

    /** The sourcedId of a raw record if it has one; used to recognise a repeated page. */
    static String idOf(JsonNode node) {
        JsonNode id = node == null ? null : node.path("sourcedId");
        return id != null && id.isString() ? id.asString() : null;
    }

    private static String missingField(EntityType type, JsonNode node) {
        List<String> required = switch (type) {
            case USERS -> List.of("givenName", "familyName");
            case ENROLLMENTS -> List.of("user", "class", "role");
            case CLASSES -> List.of("title", "course", "school");
            default -> List.of();
        };
        for (String field : required) {
            if (!present(node.path(field))) {
                return field;
            }
        }
        // 1.2 has a roles array; 1.1 servers send a single role string.
        if (type == EntityType.USERS && !present(node.path("roles")) && !present(node.path("role"))) {
            return "roles";
        }
        return null;
    }

    /** Present and not empty; a GUIDRef (object) must name its target's sourcedId. */
    private static boolean present(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isString()) {
            return !value.asString().isBlank();
        }
        if (value.isArray()) {
            return !value.isEmpty();
        }
        if (value.isObject()) {
            JsonNode ref = value.path("sourcedId");
            return ref.isString() && !ref.asString().isBlank();
        }
        return true;
    }

    static Instant instant(JsonNode value) {
        if (!value.isString()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asString()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Normalized invalid(String sourcedId, String problem) {
        return new Normalized(null, sourcedId, problem);
    }
}
