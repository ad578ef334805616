package io.rostersync.simulator.oneroster;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.util.MultiValueMap;

import io.rostersync.simulator.SimulatorSettings;

/**
 * The paging, sorting, filtering and field-selection parameters of a OneRoster collection request.
 *
 * @param limit      page size, already clamped to the configured maximum
 * @param offset     index of the first record
 * @param sort       field to sort by, or null for the default sourcedId order
 * @param descending orderBy=desc
 * @param filter     the filter, or null
 * @param fields     the selected fields, or empty for all
 */
record CollectionQuery(int limit, int offset, String sort, boolean descending, Filter filter, Set<String> fields) {

    /**
     * @throws OneRosterException 400 for malformed numbers, unknown sort/filter/fields names
     */
    static CollectionQuery parse(MultiValueMap<String, String> params, Set<String> knownFields,
            SimulatorSettings.OneRoster settings) {
        int limit = integer(params.getFirst("limit"), "limit", settings.defaultLimit(), 1);
        // Large limits are clamped rather than refused: the spec lets a server return fewer records than asked.
        limit = Math.min(limit, settings.maxLimit());
        int offset = integer(params.getFirst("offset"), "offset", 0, 0);
        String sort = blankToNull(params.getFirst("sort"));
        if (sort != null && !knownFields.contains(sort.split("\\.")[0])) {
            throw OneRosterException.invalidData("Unknown sort field '" + sort + "'");
        }
        String orderBy = blankToNull(params.getFirst("orderBy"));
        if (orderBy != null && !orderBy.equals("asc") && !orderBy.equals("desc")) {
            throw OneRosterException.invalidData("orderBy must be 'asc' or 'desc'");
        }
        String filterText = blankToNull(params.getFirst("filter"));
        Filter filter = filterText == null ? null : Filter.parse(filterText, knownFields);
        return new CollectionQuery(limit, offset, sort, "desc".equals(orderBy), filter, fields(params, knownFields));
    }

    /** {@code fields} may come comma-separated, repeated, or both. */
    static Set<String> fields(MultiValueMap<String, String> params, Set<String> knownFields) {
        List<String> raw = params.getOrDefault("fields", List.of());
        Set<String> fields = new LinkedHashSet<>();
        raw.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(fields::add);
        for (String field : fields) {
            if (!knownFields.contains(field)) {
                throw OneRosterException.invalidSelection("Unknown field '" + field + "' in fields");
            }
        }
        return fields;
    }

    private static int integer(String value, String name, int defaultValue, int min) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min) {
                throw OneRosterException.invalidData(name + " must be at least " + min);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw OneRosterException.invalidData(name + " must be an integer");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
