package io.rostersync.simulator.edfi;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads an Ed-Fi request body. Every failure is a 400 problem whose {@code validationErrors} name the JSON path, the
 * way the ODS/API reports invalid bodies.
 */
final class EdFiBody {

    private final JsonNode body;

    private EdFiBody(JsonNode body) {
        this.body = body;
    }

    /**
     * A body checked for the properties its resource requires (the spec schema's {@code required}): each must be
     * present and not null, a string not blank, an array not empty.
     */
    static EdFiBody of(JsonNode body, List<String> required) {
        if (body == null || !body.isObject()) {
            throw EdFiException.invalid("$", "The request body must be a JSON object.");
        }
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (String name : required) {
            JsonNode value = body.get(name);
            boolean absent = value == null || value.isNull() || value.isString() && value.asString().isBlank()
                    || (value.isArray() || value.isObject()) && value.isEmpty();
            if (absent) {
                missing.put("$." + name, List.of(name + " is required."));
            }
        }
        if (!missing.isEmpty()) {
            throw EdFiException.validation(missing);
        }
        return new EdFiBody(body);
    }

    JsonNode json() {
        return body;
    }

    /** A string property, or null when absent or null. */
    String text(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw EdFiException.invalid("$." + name, name + " must be a value.");
        }
        return value.asString();
    }

    String requiredText(String name) {
        String value = text(name);
        if (value == null || value.isBlank()) {
            throw EdFiException.invalid("$." + name, name + " is required.");
        }
        return value;
    }

    /** A date ({@code yyyy-MM-dd}) property, or null when absent. */
    LocalDate date(String name) {
        return date(text(name), "$." + name);
    }

    LocalDate requiredDate(String name) {
        return date(requiredText(name), "$." + name);
    }

    /** A top-level number, e.g. {@code schoolId}. */
    long requiredLong(String name) {
        return requiredLong(body.get(name), "$." + name, name);
    }

    /** A number inside a reference, e.g. {@code schoolReference.schoolId}. */
    long requiredLong(String reference, String name) {
        return requiredLong(body.path(reference).get(name), "$." + reference + "." + name, name);
    }

    private static long requiredLong(JsonNode value, String path, String name) {
        if (value == null || value.isNull()) {
            throw EdFiException.invalid(path, name + " is required.");
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        try {
            return Long.parseLong(value.asString().trim());
        } catch (NumberFormatException e) {
            throw EdFiException.invalid(path, name + " must be an integer.");
        }
    }

    /** A string inside a reference, e.g. {@code studentReference.studentUniqueId}. */
    String requiredText(String reference, String name) {
        JsonNode value = body.path(reference).get(name);
        if (value == null || !value.isValueNode() || value.isNull() || value.asString().isBlank()) {
            throw EdFiException.invalid("$." + reference + "." + name, name + " is required.");
        }
        return value.asString();
    }

    /** Whether the body has a non-null property. */
    boolean has(String name) {
        return body.hasNonNull(name);
    }

    /** The code values of a descriptor property, e.g. {@code gradeLevelDescriptor} in each of {@code gradeLevels}. */
    List<String> descriptors(String array, String property) {
        List<String> values = new ArrayList<>();
        JsonNode items = body.path(array);
        for (int i = 0; i < items.size(); i++) {
            JsonNode value = items.get(i).get(property);
            if (value == null || !value.isString() || EdFiDescriptors.codeValue(value.asString()) == null) {
                throw EdFiException.invalid("$." + array + "[" + i + "]." + property,
                        property + " must be a descriptor such as uri://ed-fi.org/...#Code.");
            }
            values.add(value.asString());
        }
        return values;
    }

    /** OneRoster grades of a list of grade level descriptors ({@code offeredGradeLevels}, {@code gradeLevels}). */
    List<String> grades(String array) {
        List<String> grades = new ArrayList<>();
        List<String> descriptors = descriptors(array, "gradeLevelDescriptor");
        for (int i = 0; i < descriptors.size(); i++) {
            grades.add(grade(descriptors.get(i), "$." + array + "[" + i + "].gradeLevelDescriptor"));
        }
        return grades;
    }

    /** The OneRoster grade of a grade level descriptor property. */
    String grade(String name) {
        return grade(requiredText(name), "$." + name);
    }

    private static String grade(String descriptor, String path) {
        String grade = EdFiDescriptors.oneRosterGrade(descriptor);
        if (grade == null) {
            throw EdFiException.invalid(path, "The grade level '" + descriptor + "' is not one the district uses.");
        }
        return grade;
    }

    private static LocalDate date(String text, String path) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw EdFiException.invalid(path, "Must be a date (yyyy-MM-dd).");
        }
    }
}
