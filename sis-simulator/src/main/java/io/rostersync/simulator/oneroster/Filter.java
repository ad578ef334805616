package io.rostersync.simulator.oneroster;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * A parsed OneRoster {@code filter} expression: {@code field op 'value'} with op one of
 * {@code = != > >= < <= ~}, optionally joined to a second one by a single {@code AND} or {@code OR}.
 * <p>
 * Fields may be dotted ({@code school.sourcedId}, {@code roles.role}); array values match when any element does.
 * Values compare as instants when both sides are date-times (so {@code '2026-11-23T08:52:00Z'} and
 * {@code '2026-11-23T08:52:00.000Z'} are equal), as dates or numbers when both sides are, else as strings.
 * {@code ~} is a case-insensitive "contains".
 */
record Filter(List<Clause> clauses, boolean or) implements Predicate<JsonNode> {

    private static final Pattern CLAUSE = Pattern
            .compile("^\\s*([A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z][A-Za-z0-9_]*)*)\\s*(!=|>=|<=|=|>|<|~)\\s*'([^']*)'\\s*$");
    private static final Set<String> DATE_TIME_FIELDS = Set.of("dateLastModified");

    record Clause(List<String> path, String op, String value) implements Predicate<JsonNode> {

        @Override
        public boolean test(JsonNode record) {
            List<String> actual = values(record, path);
            if (op.equals("!=")) {
                return actual.stream().noneMatch(a -> compare(a, value) == 0);
            }
            return actual.stream().anyMatch(this::matches);
        }

        private boolean matches(String actual) {
            if (op.equals("~")) {
                return actual.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
            }
            int c = compare(actual, value);
            return switch (op) {
                case "=" -> c == 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                default -> throw new IllegalStateException(op);
            };
        }

    }

    /**
     * @param expression  the raw {@code filter} parameter
     * @param knownFields the top-level fields of the record type
     * @throws OneRosterException 400 {@code invalid_filter_field} when the expression is malformed or names an
     *                            unknown field
     */
    static Filter parse(String expression, Set<String> knownFields) {
        List<Integer> splits = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        boolean quoted = false;
        Boolean or = null;
        for (int i = 0; i < expression.length(); i++) {
            char ch = expression.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == ' ') {
                if (expression.startsWith(" AND ", i)) {
                    splits.add(i);
                    lengths.add(5);
                    or = Boolean.FALSE;
                } else if (expression.startsWith(" OR ", i)) {
                    splits.add(i);
                    lengths.add(4);
                    or = Boolean.TRUE;
                }
            }
        }
        if (splits.size() > 1) {
            throw OneRosterException.invalidFilter("At most one AND or OR is allowed in a filter");
        }
        List<String> parts = splits.isEmpty() ? List.of(expression)
                : List.of(expression.substring(0, splits.get(0)), expression.substring(splits.get(0) + lengths.get(0)));
        List<Clause> clauses = new ArrayList<>();
        for (String part : parts) {
            Matcher m = CLAUSE.matcher(part);
            if (!m.matches()) {
                throw OneRosterException.invalidFilter(
                        "Filter must look like field='value' (operators = != > >= < <= ~), got: " + part.trim());
            }
            List<String> path = List.of(m.group(1).split("\\."));
            if (!knownFields.contains(path.get(0))) {
                throw OneRosterException.invalidFilter("Unknown filter field '" + m.group(1) + "'");
            }
            if (DATE_TIME_FIELDS.contains(m.group(1)) && instant(m.group(3)) == null) {
                throw OneRosterException.invalidFilter(
                        "'" + m.group(1) + "' needs an ISO-8601 date-time such as 2026-11-23T08:52:00.000Z");
            }
            clauses.add(new Clause(path, m.group(2), m.group(3)));
        }
        return new Filter(List.copyOf(clauses), Boolean.TRUE.equals(or));
    }

    /** The scalar values at a dotted path of a rendered record; arrays are flattened. */
    static List<String> values(JsonNode record, List<String> path) {
        List<String> into = new ArrayList<>();
        collect(record, path, 0, into);
        return into;
    }

    private static void collect(JsonNode node, List<String> path, int depth, List<String> into) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> collect(element, path, depth, into));
        } else if (depth == path.size()) {
            if (node.isValueNode()) {
                into.add(node.asString());
            }
        } else if (node.isObject()) {
            collect(node.get(path.get(depth)), path, depth + 1, into);
        }
    }

    @Override
    public boolean test(JsonNode record) {
        return or ? clauses.stream().anyMatch(c -> c.test(record)) : clauses.stream().allMatch(c -> c.test(record));
    }

    /**
     * A sort key for a scalar value, typed the way {@link #compare} would treat it, so large sorts parse each value
     * once instead of on every comparison.
     */
    static SortKey sortKey(String value) {
        Instant i = instant(value);
        if (i != null) {
            return new SortKey(0, i);
        }
        LocalDate d = date(value);
        if (d != null) {
            return new SortKey(1, d);
        }
        BigDecimal n = number(value);
        return n != null ? new SortKey(2, n) : new SortKey(3, value);
    }

    /** A typed sort value; values of different kinds order by kind. */
    record SortKey(int kind, Comparable<?> value) implements Comparable<SortKey> {
        @Override
        @SuppressWarnings({ "unchecked", "rawtypes" })
        public int compareTo(SortKey other) {
            return kind != other.kind ? Integer.compare(kind, other.kind)
                    : ((Comparable) value).compareTo(other.value);
        }
    }

    /** Orders two scalar values the way OneRoster filter and sort need; see the class comment. */
    static int compare(String a, String b) {
        Instant ia = instant(a);
        Instant ib = ia == null ? null : instant(b);
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        LocalDate da = date(a);
        LocalDate db = da == null ? null : date(b);
        if (da != null && db != null) {
            return da.compareTo(db);
        }
        BigDecimal na = number(a);
        BigDecimal nb = na == null ? null : number(b);
        if (na != null && nb != null) {
            return na.compareTo(nb);
        }
        return a.compareTo(b);
    }

    private static Instant instant(String s) {
        if (s.length() < 20 || s.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDate date(String s) {
        if (s.length() != 10 || s.charAt(4) != '-') {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal number(String s) {
        if (s.isEmpty() || s.length() > 30) {
            return null;
        }
        char first = s.charAt(0);
        if (!(Character.isDigit(first) || first == '-')) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
