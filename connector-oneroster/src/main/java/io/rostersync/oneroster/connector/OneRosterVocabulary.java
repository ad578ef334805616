package io.rostersync.oneroster.connector;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The enumerated vocabularies a record is checked against: the union of OneRoster 1.1 and 1.2 values (1.2 renamed
 * some roles, and servers mid-migration send both), plus 1.2's extension form {@code ext:<name>}.
 */
final class OneRosterVocabulary {

    static final Set<String> ORG_TYPES = Set.of("department", "district", "local", "national", "school", "state");
    static final Set<String> SESSION_TYPES = Set.of("gradingPeriod", "semester", "schoolYear", "term");
    static final Set<String> CLASS_TYPES = Set.of("homeroom", "scheduled");
    static final Set<String> ROLES = Set.of("administrator", "aide", "counselor", "districtAdministrator", "guardian", "parent",
            "principal", "proctor", "relative", "siteAdministrator", "student", "systemAdministrator", "teacher");
    static final Set<String> ROLE_TYPES = Set.of("primary", "secondary");
    static final Set<String> SEXES = Set.of("male", "female", "unspecified", "other");
    static final Set<String> BOOLEAN_STRINGS = Set.of("true", "false");

    private static final Pattern EXTENSION = Pattern.compile("ext:[a-zA-Z0-9.\\-_]+");
    /** A value shaped like vocabulary may be quoted in a reason; anything else might be personal data typed in the wrong field. */
    private static final Pattern QUOTABLE = Pattern.compile("[A-Za-z0-9:._\\-]{1,40}");

    private OneRosterVocabulary() {
    }

    /** @param extensible whether 1.2's {@code ext:} values are allowed for this field */
    static boolean allows(Set<String> vocabulary, String value, boolean extensible) {
        return vocabulary.contains(value) || extensible && EXTENSION.matcher(value).matches();
    }

    /** The value for a reason, or a neutral phrase when it does not look like vocabulary. */
    static String quote(String value) {
        return QUOTABLE.matcher(value).matches() ? "'" + value + "'" : "a value outside the vocabulary";
    }
}
