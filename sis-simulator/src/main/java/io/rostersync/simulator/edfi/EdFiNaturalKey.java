package io.rostersync.simulator.edfi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The natural key of an Ed-Fi resource: the flat key values an item reports under {@code /deletes} (e.g. a section's
 * {@code localCourseCode, schoolId, schoolYear, sessionName, sectionIdentifier}) and where each sits in a request
 * body (top level or inside a reference such as {@code courseOfferingReference}).
 *
 * @param fields in the order the items' key values list them
 */
record EdFiNaturalKey(List<Field> fields) {

    /**
     * One key value.
     *
     * @param name      its name in the key values
     * @param reference the body property holding it, or null when it is a top-level property
     */
    record Field(String name, String reference) {

        String path() {
            return reference == null ? "$." + name : "$." + reference + "." + name;
        }
    }

    EdFiNaturalKey {
        fields = List.copyOf(fields);
    }

    static Field top(String name) {
        return new Field(name, null);
    }

    static Field in(String reference, String name) {
        return new Field(name, reference);
    }

    static EdFiNaturalKey of(Field... fields) {
        return new EdFiNaturalKey(List.of(fields));
    }

    /**
     * The key values a body names, as Strings and Numbers.
     *
     * @throws EdFiException (400) naming every missing key value
     */
    Map<String, Object> of(JsonNode body) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (Field field : fields) {
            JsonNode holder = field.reference() == null ? body : body.path(field.reference());
            JsonNode value = holder.get(field.name());
            if (value == null || !value.isValueNode() || value.isNull() || value.asString().isBlank()) {
                missing.put(field.path(), List.of(field.name() + " is required."));
            } else {
                values.put(field.name(), value.isNumber() ? (Object) value.longValue() : value.asString());
            }
        }
        if (!missing.isEmpty()) {
            throw EdFiException.validation(missing);
        }
        return values;
    }

    /** An item's rendered key values, in this key's order. */
    Map<String, Object> of(ObjectNode keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : fields) {
            JsonNode value = keyValues.path(field.name());
            values.put(field.name(), value.isNumber() ? (Object) value.longValue() : value.asString());
        }
        return values;
    }

    /** Whether two sets of key values name the same item ({@code 2027} and {@code "2027"} are the same). */
    static boolean same(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(e.getValue()),
                String.valueOf(b.get(e.getKey()))));
    }

    /** The names of the key values that differ. */
    static List<String> changed(Map<String, Object> before, Map<String, Object> after) {
        return before.keySet().stream()
                .filter(k -> !String.valueOf(before.get(k)).equals(String.valueOf(after.get(k)))).toList();
    }

    static ObjectNode toJson(Map<String, Object> values) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        values.forEach((name, value) -> {
            if (value instanceof Number n) {
                node.put(name, n.longValue());
            } else {
                node.put(name, String.valueOf(value));
            }
        });
        return node;
    }
}
