package io.rostersync.oneroster.connector;

import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns OneRoster 1.1 and 1.2 JSON objects into canonical {@link RosterRecord}s (OneRoster 1.2 names: a 1.1 user's
 * {@code role} and {@code orgs} become 1.2 {@code roles}) and refuses the ones that lack what the sync needs or carry
 * a value outside the standard's vocabulary. Attributes keep every other field (including {@code metadata}) as plain
 * JSON values.
 */
final class OneRosterRecords {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper json;

    OneRosterRecords(JsonMapper json) {
        this.json = json;
    }

    /**
     * Either a record or the reason it was refused; the reason names fields (and vocabulary values), never other values.
     */
    record Normalized(RosterRecord record, String sourcedId, String problem) {
        boolean valid() {
            return record != null;
        }
    }

    Normalized normalize(OneRosterVersion version, EntityType type, JsonNode node) {
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
            String problem = problem(version, type, node);
            if (problem != null) {
                return invalid(sourcedId, problem);
            }
        }
        JsonNode canonical = version == OneRosterVersion.V1_1 && type == EntityType.USERS ? usersAs1p2((ObjectNode) node) : node;
        Map<String, Object> attributes = json.convertValue(canonical, MAP);
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

    /** What is wrong with a live record, or null. Required fields follow the spec where the sync relies on them. */
    private static String problem(OneRosterVersion version, EntityType type, JsonNode node) {
        return switch (type) {
            case ORGS -> first(required(node, "name"), vocabulary(node, "type", OneRosterVocabulary.ORG_TYPES, true, true));
            case ACADEMIC_SESSIONS -> first(required(node, "title"),
                    vocabulary(node, "type", OneRosterVocabulary.SESSION_TYPES, true, true),
                    date(node, "startDate", true), date(node, "endDate", true));
            case COURSES -> required(node, "title");
            case CLASSES -> first(required(node, "title"), required(node, "course"), required(node, "school"),
                    vocabulary(node, "classType", OneRosterVocabulary.CLASS_TYPES, true, false));
            case USERS -> first(required(node, "givenName"), required(node, "familyName"),
                    vocabulary(node, "enabledUser", OneRosterVocabulary.BOOLEAN_STRINGS, false, false), roles(version, node));
            case ENROLLMENTS -> first(required(node, "user"), required(node, "class"), required(node, "school"),
                    vocabulary(node, "role", OneRosterVocabulary.ROLES, true, true));
            case DEMOGRAPHICS -> first(vocabulary(node, "sex", OneRosterVocabulary.SEXES, true, false), date(node, "birthDate", false));
        };
    }

    /** 1.2: a non-empty {@code roles} array of role, roleType and org; 1.1: one {@code role} and a non-empty {@code orgs}. */
    private static String roles(OneRosterVersion version, JsonNode user) {
        if (version == OneRosterVersion.V1_1) {
            return first(vocabulary(user, "role", OneRosterVocabulary.ROLES, false, true), required(user, "orgs"));
        }
        JsonNode roles = user.path("roles");
        if (!roles.isArray() || roles.isEmpty()) {
            return "lacks the required field roles";
        }
        for (JsonNode role : roles) {
            String problem = first(vocabulary(role, "role", "roles[].role", OneRosterVocabulary.ROLES, true, true),
                    vocabulary(role, "roleType", "roles[].roleType", OneRosterVocabulary.ROLE_TYPES, false, true),
                    required(role, "org", "roles[].org"));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** A 1.1 user in 1.2 shape: {@code role} held in each of its {@code orgs}, the first as primary. */
    private JsonNode usersAs1p2(ObjectNode user) {
        if (!user.path("role").isString() || !user.path("orgs").isArray()) {
            // A trimmed tobedeleted record: nothing to reshape.
            return user;
        }
        ObjectNode canonical = user.deepCopy();
        JsonNode role = canonical.remove("role");
        JsonNode orgs = canonical.remove("orgs");
        ArrayNode roles = canonical.putArray("roles");
        for (JsonNode org : orgs) {
            ObjectNode entry = roles.addObject();
            entry.put("roleType", roles.size() == 1 ? "primary" : "secondary");
            entry.set("role", role);
            entry.set("org", org);
        }
        return canonical;
    }

    private static String required(JsonNode node, String field) {
        return required(node, field, field);
    }

    /** @param label how a reason names the field, e.g. {@code roles[].org} */
    private static String required(JsonNode node, String field, String label) {
        return present(node.path(field)) ? null : "lacks the required field " + label;
    }

    private static String vocabulary(JsonNode node, String field, Set<String> values, boolean extensible, boolean mandatory) {
        return vocabulary(node, field, field, values, extensible, mandatory);
    }

    /**
     * @param extensible whether {@code ext:} values are allowed
     * @param mandatory whether the field must be present
     */
    private static String vocabulary(JsonNode node, String field, String label, Set<String> values, boolean extensible,
                                     boolean mandatory) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return mandatory ? "lacks the required field " + label : null;
        }
        // enabledUser is the string "true"/"false" in the spec; some servers send a JSON boolean, which means the same.
        if (value.isBoolean() && values == OneRosterVocabulary.BOOLEAN_STRINGS) {
            return null;
        }
        if (!value.isString() || !OneRosterVocabulary.allows(values, value.asString(), extensible)) {
            return "has " + (value.isString() ? OneRosterVocabulary.quote(value.asString()) : "a non-text value") + " in " + label
                    + ", which is not one of " + String.join(", ", values.stream().sorted().toList()) + (extensible ? " or ext:…" : "");
        }
        return null;
    }

    private static String date(JsonNode node, String field, boolean mandatory) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return mandatory ? "lacks the required field " + field : null;
        }
        try {
            LocalDate.parse(value.asString(""));
            return null;
        } catch (DateTimeParseException e) {
            return "has a " + field + " that is not an ISO-8601 date";
        }
    }

    private static String first(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
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
