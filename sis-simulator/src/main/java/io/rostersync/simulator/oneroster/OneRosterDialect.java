package io.rostersync.simulator.oneroster;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.http.server.reactive.ServerHttpRequest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.rostersync.simulator.district.EntityType;

/**
 * A OneRoster version's view of the same records: its base path, the property names its schemas list, and how a
 * 1.2-rendered record is reshaped for it. Paging, filter, sort and field selection are shared.
 */
enum OneRosterDialect {

    V1P2(OneRosterMapper.BASE_PATH),

    /**
     * OneRoster 1.1: a user has one {@code role} string and an {@code orgs} list instead of 1.2's {@code roles}
     * (role + org pairs) and {@code primaryOrg}; the 1.2-only person fields are absent.
     */
    V1P1(OneRosterController.V1P1_BASE);

    private static final Set<String> USER_FIELDS_1_1 = Set.of("sourcedId", "status", "dateLastModified", "metadata",
            "username", "userIds", "enabledUser", "givenName", "familyName", "middleName", "role", "identifier",
            "email", "sms", "phone", "agents", "orgs", "grades", "password");

    private static final Set<String> ONLY_1_2 = Set.of("roles", "primaryOrg", "userMasterIdentifier",
            "preferredFirstName", "preferredMiddleName", "preferredLastName", "pronouns", "userProfiles", "resources");

    private final String basePath;

    OneRosterDialect(String basePath) {
        this.basePath = basePath;
    }

    String basePath() {
        return basePath;
    }

    /** The version a request addresses, by its path. */
    static OneRosterDialect of(ServerHttpRequest request) {
        String path = request.getPath().pathWithinApplication().value();
        return path.startsWith(V1P1.basePath + "/") ? V1P1 : V1P2;
    }

    Set<String> fields(EntityType type) {
        return this == V1P1 && type == EntityType.USERS ? USER_FIELDS_1_1 : OneRosterFields.of(type);
    }

    ObjectNode shape(EntityType type, ObjectNode node) {
        if (this != V1P1 || type != EntityType.USERS) {
            return node;
        }
        String role = null;
        Set<String> orgIds = new LinkedHashSet<>();
        ArrayNode orgs = node.arrayNode();
        for (JsonNode r : node.path("roles")) {
            if (role == null || "primary".equals(r.path("roleType").asString())) {
                role = r.path("role").asString(); // the primary role, else the first
            }
            if (orgIds.add(r.path("org").path("sourcedId").asString())) {
                orgs.add(r.path("org").deepCopy());
            }
        }
        ObjectNode shaped = node.objectNode();
        for (var e : node.properties()) {
            if (!ONLY_1_2.contains(e.getKey())) {
                shaped.set(e.getKey(), e.getValue());
            }
        }
        if (role != null) {
            shaped.put("role", role);
        }
        shaped.set("orgs", orgs);
        return shaped;
    }
}
