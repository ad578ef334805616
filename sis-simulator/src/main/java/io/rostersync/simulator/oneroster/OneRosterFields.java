package io.rostersync.simulator.oneroster;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rostersync.simulator.district.EntityType;

/**
 * The property names of each OneRoster 1.2 record type, as the spec's schemas list them. A {@code filter},
 * {@code sort} or {@code fields} naming anything else is rejected with 400, as the spec asks.
 */
final class OneRosterFields {

    private static final List<String> BASE = List.of("sourcedId", "status", "dateLastModified", "metadata");
    private static final Map<EntityType, Set<String>> FIELDS = new EnumMap<>(EntityType.class);
    static {
        put(EntityType.ORGS, "name", "type", "identifier", "parent", "children");
        put(EntityType.ACADEMIC_SESSIONS, "title", "startDate", "endDate", "type", "parent", "children", "schoolYear");
        put(EntityType.COURSES, "title", "schoolYear", "courseCode", "grades", "subjects", "org", "subjectCodes",
                "resources");
        put(EntityType.CLASSES, "title", "classCode", "classType", "location", "grades", "subjects", "course",
                "school", "terms", "subjectCodes", "periods", "resources");
        put(EntityType.USERS, "userMasterIdentifier", "username", "userIds", "enabledUser", "givenName", "familyName",
                "middleName", "preferredFirstName", "preferredMiddleName", "preferredLastName", "pronouns", "roles",
                "userProfiles", "primaryOrg", "identifier", "email", "sms", "phone", "agents", "grades", "password",
                "resources");
        put(EntityType.ENROLLMENTS, "user", "class", "school", "role", "primary", "beginDate", "endDate");
        put(EntityType.DEMOGRAPHICS, "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
                "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
                "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
                "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus");
    }

    private OneRosterFields() {
    }

    private static void put(EntityType type, String... fields) {
        Set<String> all = new LinkedHashSet<>(BASE);
        all.addAll(List.of(fields));
        FIELDS.put(type, Set.copyOf(all));
    }

    static Set<String> of(EntityType type) {
        return FIELDS.get(type);
    }
}
