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
 * The one documented webhook body: {@code {"entityType":"users","ids":["usr-1"],"changeKind":"updated"}}, every field
 * optional. Unknown fields are ignored so that a SIS may send more than we read.
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
        return new WebhookPayload(entityType(root.get("entityType")), ids(root.get("ids")), text(root.get("changeKind"), "changeKind"));
    }

    private static EntityType entityType(JsonNode node) {
        String name = text(node, "entityType");
        if (name == null) {
            return null;
        }
        try {
            return EntityType.fromCollection(name);
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.badRequest("entityType '" + name + "' is not a canonical collection name; expected one of "
                    + Arrays.stream(EntityType.values()).map(EntityType::collection).collect(Collectors.joining(", ")));
        }
    }

    private static List<String> ids(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw WebhookRejectedException.badRequest("ids must be an array of strings");
        }
        if (node.size() > MAX_IDS) {
            throw WebhookRejectedException.badRequest("ids names " + node.size() + " records; at most " + MAX_IDS
                    + " are accepted (send no ids to ask for an incremental sync)");
        }
        List<String> ids = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (!id.isString() || id.stringValue().isBlank() || id.stringValue().length() > MAX_TEXT) {
                throw WebhookRejectedException.badRequest("ids[" + i + "] must be a non-blank string of at most " + MAX_TEXT + " characters");
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
