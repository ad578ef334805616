package io.rostersync.simulator.district;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of record a district holds; {@code collection} is the name admin and OneRoster URLs use.
 * <p>
 * Most are OneRoster collections. A few hold what only the Ed-Fi view has a place for (course offerings, a student's
 * school association, descriptor values written through Ed-Fi); they are never served, counted or changed through
 * the OneRoster and admin APIs.
 */
public enum EntityType {
    ORGS("orgs", true),
    ACADEMIC_SESSIONS("academicSessions", true),
    COURSES("courses", true),
    CLASSES("classes", true),
    USERS("users", true),
    ENROLLMENTS("enrollments", true),
    DEMOGRAPHICS("demographics", true),
    COURSE_OFFERINGS("courseOfferings", false),
    SCHOOL_ASSOCIATIONS("schoolAssociations", false),
    DESCRIPTORS("descriptors", false);

    private final String collection;
    private final boolean oneRoster;

    EntityType(String collection, boolean oneRoster) {
        this.collection = collection;
        this.oneRoster = oneRoster;
    }

    public String collection() {
        return collection;
    }

    /** False for the Ed-Fi-only kinds. */
    public boolean oneRoster() {
        return oneRoster;
    }

    /** The OneRoster collections, in declaration order. */
    public static List<EntityType> oneRosterTypes() {
        return Arrays.stream(values()).filter(EntityType::oneRoster).toList();
    }

    /** A OneRoster collection by name; the Ed-Fi-only kinds are not found. */
    public static Optional<EntityType> ofCollection(String collection) {
        return oneRosterTypes().stream().filter(t -> t.collection.equals(collection)).findFirst();
    }
}
