package io.rostersync.simulator.district;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * One record of the district in a standard-neutral shape; OneRoster (and later Ed-Fi) views are rendered from it.
 * Lists are never null.
 */
public sealed interface RosterRecord {

    Meta meta();

    RosterRecord withMeta(Meta meta);

    EntityType type();

    default String sourcedId() {
        return meta().sourcedId();
    }

    /** An organisation: the district itself or a school. {@code kind} uses OneRoster's vocabulary. */
    record Organization(Meta meta, String name, String kind, String identifier, String parentId)
            implements RosterRecord {
        public Organization withMeta(Meta meta) {
            return new Organization(meta, name, kind, identifier, parentId);
        }

        public EntityType type() {
            return EntityType.ORGS;
        }
    }

    /** A school year, term or grading period; {@code schoolYear} is the ending year, e.g. "2027". */
    record Session(Meta meta, String title, String kind, LocalDate startDate, LocalDate endDate, String parentId,
            String schoolYear) implements RosterRecord {
        public Session withMeta(Meta meta) {
            return new Session(meta, title, kind, startDate, endDate, parentId, schoolYear);
        }

        public EntityType type() {
            return EntityType.ACADEMIC_SESSIONS;
        }
    }

    record Course(Meta meta, String title, String courseCode, String schoolYearId, String orgId, List<String> grades,
            List<String> subjects) implements RosterRecord {
        public Course {
            grades = List.copyOf(grades);
            subjects = List.copyOf(subjects);
        }

        public Course withMeta(Meta meta) {
            return new Course(meta, title, courseCode, schoolYearId, orgId, grades, subjects);
        }

        public EntityType type() {
            return EntityType.COURSES;
        }
    }

    /** A class (section) taught in one school, for one course, during one or more terms. */
    record Section(Meta meta, String title, String classCode, String classType, String location, String courseId,
            String schoolId, List<String> termIds, List<String> grades, List<String> subjects, List<String> periods)
            implements RosterRecord {
        public Section {
            termIds = List.copyOf(termIds);
            grades = List.copyOf(grades);
            subjects = List.copyOf(subjects);
            periods = List.copyOf(periods);
        }

        public Section withMeta(Meta meta) {
            return new Section(meta, title, classCode, classType, location, courseId, schoolId, termIds, grades,
                    subjects, periods);
        }

        public EntityType type() {
            return EntityType.CLASSES;
        }
    }

    /** The role a person holds in one org; exactly one primary role per org. */
    record Affiliation(String role, boolean primary, String orgId) {
    }

    /** A student, teacher or administrator. Optional strings may be null. */
    record Person(Meta meta, String username, boolean enabled, String givenName, String familyName, String middleName,
            List<Affiliation> roles, String primaryOrgId, String identifier, String email, String phone,
            List<String> grades) implements RosterRecord {
        public Person {
            roles = List.copyOf(roles);
            grades = List.copyOf(grades);
        }

        public Person withMeta(Meta meta) {
            return new Person(meta, username, enabled, givenName, familyName, middleName, roles, primaryOrgId,
                    identifier, email, phone, grades);
        }

        public EntityType type() {
            return EntityType.USERS;
        }

        public boolean hasRole(String role) {
            return roles.stream().anyMatch(r -> r.role().equals(role));
        }

        public boolean affiliatedWith(String orgId, String role) {
            return roles.stream().anyMatch(r -> r.role().equals(role) && r.orgId().equals(orgId));
        }
    }

    /** A person in a class; {@code primary} may be null (only meaningful for teachers). */
    record Enrollment(Meta meta, String userId, String classId, String schoolId, String role, Boolean primary,
            LocalDate beginDate, LocalDate endDate) implements RosterRecord {
        public Enrollment withMeta(Meta meta) {
            return new Enrollment(meta, userId, classId, schoolId, role, primary, beginDate, endDate);
        }

        public EntityType type() {
            return EntityType.ENROLLMENTS;
        }
    }

    /** US federal race categories used by OneRoster demographics. */
    enum Race {
        AMERICAN_INDIAN_OR_ALASKA_NATIVE, ASIAN, BLACK_OR_AFRICAN_AMERICAN, NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER,
        WHITE
    }

    /** Demographics of one person; shares the person's sourcedId. Optional values may be null. */
    record Demographic(Meta meta, LocalDate birthDate, String sex, Set<Race> races, Boolean hispanicOrLatino,
            String countryOfBirthCode, String stateOfBirthAbbreviation, String cityOfBirth) implements RosterRecord {
        public Demographic {
            races = Set.copyOf(races);
        }

        public Demographic withMeta(Meta meta) {
            return new Demographic(meta, birthDate, sex, races, hispanicOrLatino, countryOfBirthCode,
                    stateOfBirthAbbreviation, cityOfBirth);
        }

        public EntityType type() {
            return EntityType.DEMOGRAPHICS;
        }
    }
}
