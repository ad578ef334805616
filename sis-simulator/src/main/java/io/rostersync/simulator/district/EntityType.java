package io.rostersync.simulator.district;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of record a district holds; {@code collection} is the name admin and OneRoster URLs use. */
public enum EntityType {
    ORGS("orgs"),
    ACADEMIC_SESSIONS("academicSessions"),
    COURSES("courses"),
    CLASSES("classes"),
    USERS("users"),
    ENROLLMENTS("enrollments"),
    DEMOGRAPHICS("demographics");

    private final String collection;

    EntityType(String collection) {
        this.collection = collection;
    }

    public String collection() {
        return collection;
    }

    public static Optional<EntityType> ofCollection(String collection) {
        return Arrays.stream(values()).filter(t -> t.collection.equals(collection)).findFirst();
    }
}
