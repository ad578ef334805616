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

    /**
     * An organisation: the district itself or a school. {@code kind} uses OneRoster's vocabulary. {@code grades} are
     * the grades a school declares (an Ed-Fi school's {@code gradeLevels}; OneRoster orgs have none); empty means
     * "the grades of its courses".
     */
    record Organization(Meta meta, String name, String kind, String identifier, String parentId, List<String> grades)
            implements RosterRecord {
        public Organization {
            grades = List.copyOf(grades);
        }

        public Organization(Meta meta, String name, String kind, String identifier, String parentId) {
            this(meta, name, kind, identifier, parentId, List.of());
        }

        public Organization withMeta(Meta meta) {
            return new Organization(meta, name, kind, identifier, parentId, grades);
        }

        public EntityType type() {
            return EntityType.ORGS;
        }
    }

    /**
     * A school year, term or grading period; {@code schoolYear} is the ending year, e.g. "2027". {@code orgId} is
     * null for the district's shared calendar (every school has the session) or the one school that has it (a
     * session created through Ed-Fi, where sessions belong to a school).
     */
    record Session(Meta meta, String title, String kind, LocalDate startDate, LocalDate endDate, String parentId,
            String schoolYear, String orgId) implements RosterRecord {
        public Session withMeta(Meta meta) {
            return new Session(meta, title, kind, startDate, endDate, parentId, schoolYear, orgId);
        }

        /** Whether the school with this sourcedId has the session. */
        public boolean heldBy(String schoolId) {
            return orgId == null || orgId.equals(schoolId);
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

    /**
     * A course offered in a session at a school, written through Ed-Fi. Offerings are otherwise implied by the
     * classes that carry them; one written explicitly is served even without classes and wins over the implied one.
     *
     * @param meta             its sourcedId is {@code "<course>|<session>|<school>"} (the Ed-Fi item key)
     * @param localCourseTitle may be null (the course title is served then)
     */
    record CourseOffering(Meta meta, String courseId, String sessionId, String schoolId, String localCourseTitle)
            implements RosterRecord {
        public CourseOffering withMeta(Meta meta) {
            return new CourseOffering(meta, courseId, sessionId, schoolId, localCourseTitle);
        }

        public EntityType type() {
            return EntityType.COURSE_OFFERINGS;
        }
    }

    /**
     * A student's enrollment in a school as written through Ed-Fi (entry date and grade have no OneRoster place). It
     * shares the student's sourcedId and wins over the association implied by the student's primary school role.
     *
     * @param entryGrade a OneRoster grade code ({@code 09}, {@code KG}); may be null
     */
    record SchoolAssociation(Meta meta, String schoolId, LocalDate entryDate, String entryGrade)
            implements RosterRecord {
        public SchoolAssociation withMeta(Meta meta) {
            return new SchoolAssociation(meta, schoolId, entryDate, entryGrade);
        }

        public EntityType type() {
            return EntityType.SCHOOL_ASSOCIATIONS;
        }
    }

    /**
     * A code value of a code set (an Ed-Fi descriptor) written through Ed-Fi; it wins over a built-in value with the
     * same namespace and code.
     *
     * @param meta        its sourcedId is {@code "<set>/<namespace>#<codeValue>"}
     * @param set         the code set, named like its Ed-Fi resource ({@code gradeLevelDescriptors})
     * @param description may be null
     */
    record CodeValue(Meta meta, String set, String namespace, String codeValue, String shortDescription,
            String description) implements RosterRecord {
        public CodeValue withMeta(Meta meta) {
            return new CodeValue(meta, set, namespace, codeValue, shortDescription, description);
        }

        public EntityType type() {
            return EntityType.DESCRIPTORS;
        }
    }
}
