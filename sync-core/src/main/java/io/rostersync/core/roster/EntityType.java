package io.rostersync.core.roster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Canonical entity types; names and order follow OneRoster 1.2 (dependency order for apply and push). */
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

    /** The OneRoster collection name, also the Firestore sub-collection under an integration. */
    @JsonValue
    public String collection() {
        return collection;
    }

    /**
     * @throws IllegalArgumentException when the name is not a canonical collection name
     */
    @JsonCreator
    public static EntityType fromCollection(String name) {
        for (EntityType type : values()) {
            if (type.collection.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown entity type '" + name + "'; expected one of orgs, academicSessions, courses, classes, users, enrollments, demographics");
    }
}
