package io.rostersync.gateway.webhooks;

import io.rostersync.core.roster.EntityType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook body, in one of two accepted shapes (unknown fields are ignored so that a SIS may send more than we read):
 * <ul>
 *   <li>the generic change notice {@code {"entityType":"users","ids":["usr-1"],"changeKind":"updated"}}, every field
 *       optional;</li>
 *   <li>the typed envelope the SIS simulator sends for every connector,
 *       {@code {"type":"users.updated","data":{"entityType":"users","sourcedIds":["usr-1"]}}}: {@code type} is
 *       {@code <entityType>.<changeKind>}, {@code data.entityType} and {@code data.sourcedIds} are optional, and when
 *       both name an entity type they must agree.</li>
 * </ul>
 * A body with a {@code type} or {@code data} member is read as the envelope, anything else as the change notice.
 *
 * @param entityType null when the SIS did not name one
 * @param ids empty when the SIS did not name any (the orchestrator then pulls incrementally)
 * @param changeKind null when the SIS did not say
 */
record WebhookPayload(EntityType entityType, List<String> ids, String changeKind) {

    /** Bounds what one webhook may name; a bigger change is a full or incremental sync, not a targeted one. */
    static final int MAX_IDS = 1000;
    static final int MAX_TEXT = 256;

    // Strict on syntax (duplicate keys, trailing garbage) so a body means one thing only.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    WebhookPayload {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    /**
     * @throws WebhookRejectedException (400) when the body is not JSON or not the documented shape
     */
    static WebhookPayload parse(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            // Jackson's message may quote the body; say where instead of what.
            throw WebhookRejectedException.badRequest("the body is not valid JSON (at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw WebhookRejectedException.badRequest("the body must be a JSON object like "
                    + "{\"entityType\":\"users\",\"ids\":[\"usr-1\"],\"changeKind\":\"updated\"}");
        }
        if (root.has("type") || root.has("data")) {
            return envelope(root);
        }
        return new WebhookPayload(entityType(root.get("entityType"), "entityType"), ids(root.get("ids"), "ids"),
                text(root.get("changeKind"), "changeKind"));
    }

    private static WebhookPayload envelope(JsonNode root) {
        String type = text(root.get("type"), "type");
        JsonNode data = root.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw WebhookRejectedException.badRequest("data must be an object like {\"entityType\":\"users\",\"sourcedIds\":[\"usr-1\"]}");
        }
        boolean hasData = data != null && data.isObject();
        EntityType fromData = hasData ? entityType(data.get("entityType"), "data.entityType") : null;
        List<String> ids = hasData ? ids(data.get("sourcedIds"), "data.sourcedIds") : List.of();
        EntityType fromType = null;
        String changeKind = null;
        if (type != null) {
            int dot = type.lastIndexOf('.');
            if (dot <= 0 || dot == type.length() - 1) {
                throw WebhookRejectedException.badRequest("type must be '<entityType>.<changeKind>', e.g. 'users.updated'");
            }
            fromType = entityTypeNamed(type.substring(0, dot), "the entity type in type");
            changeKind = type.substring(dot + 1);
        }
        if (fromType != null && fromData != null && fromType != fromData) {
            throw WebhookRejectedException.badRequest("type names " + fromType.collection() + " but data.entityType names "
                    + fromData.collection());
        }
        return new WebhookPayload(fromData != null ? fromData : fromType, ids, changeKind);
    }

    private static EntityType entityType(JsonNode node, String field) {
        return entityTypeNamed(text(node, field), field);
    }

    private static EntityType entityTypeNamed(String name, String field) {
        if (name == null) {
            return null;
        }
        try {
            return EntityType.fromCollection(name);
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.badRequest(field + " '" + name + "' is not a canonical collection name; expected one of "
                    + Arrays.stream(EntityType.values()).map(EntityType::collection).collect(Collectors.joining(", ")));
        }
    }

    private static List<String> ids(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw WebhookRejectedException.badRequest(field + " must be an array of strings");
        }
        if (node.size() > MAX_IDS) {
            throw WebhookRejectedException.badRequest(field + " names " + node.size() + " records; at most " + MAX_IDS
                    + " are accepted (send no ids to ask for an incremental sync)");
        }
        List<String> ids = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (!id.isString() || id.stringValue().isBlank() || id.stringValue().length() > MAX_TEXT) {
                throw WebhookRejectedException.badRequest(field + "[" + i + "] must be a non-blank string of at most " + MAX_TEXT + " characters");
            }
            ids.add(id.stringValue());
        }
        return ids;
    }

    private static String text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.stringValue().isBlank() || node.stringValue().length() > MAX_TEXT) {
            throw WebhookRejectedException.badRequest(field + " must be a non-blank string of at most " + MAX_TEXT + " characters");
        }
        return node.stringValue();
    }
}
