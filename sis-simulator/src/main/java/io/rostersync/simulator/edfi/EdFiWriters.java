package io.rostersync.simulator.edfi;

import java.util.LinkedHashMap;
import java.util.Map;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.Meta;
import io.rostersync.simulator.district.RecordStatus;
import io.rostersync.simulator.district.RosterRecord;

/** The writer of every served Ed-Fi resource, and what the writers share. */
final class EdFiWriters {

    private static final Map<String, EdFiWriter> WRITERS = new LinkedHashMap<>();
    static {
        WRITERS.put("schools", new SchoolWriter());
        WRITERS.put("students", new PersonWriter(true));
        WRITERS.put("staffs", new PersonWriter(false));
        WRITERS.put("sessions", new SessionWriter());
        WRITERS.put("courses", new CourseWriter());
        WRITERS.put("courseOfferings", new CourseOfferingWriter());
        WRITERS.put("sections", new SectionWriter());
        WRITERS.put("studentSchoolAssociations", new StudentSchoolAssociationWriter());
        WRITERS.put("studentSectionAssociations", new SectionAssociationWriter(true));
        WRITERS.put("staffSectionAssociations", new SectionAssociationWriter(false));
        EdFiDescriptors.VALUES.keySet().forEach(name -> WRITERS.put(name, new DescriptorWriter(name)));
    }

    private EdFiWriters() {
    }

    /** The writer of a served resource (every served resource has one). */
    static EdFiWriter of(String resource) {
        EdFiWriter writer = WRITERS.get(resource);
        if (writer == null) {
            throw new IllegalArgumentException("No writer for " + resource);
        }
        return writer;
    }

    static EdFiNaturalKey key(String resource) {
        return of(resource).key();
    }

    /** {@code studentSchoolAssociations} → {@code StudentSchoolAssociation}, the name Ed-Fi messages use. */
    static String typeName(String resource) {
        String singular = resource.endsWith("s") ? resource.substring(0, resource.length() - 1) : resource;
        return Character.toUpperCase(singular.charAt(0)) + singular.substring(1);
    }

    /**
     * A sourcedId for a record an Ed-Fi write creates: the prefix and a short hash of the item's natural key, so the
     * same write on the same district gives the same id; a suffix keeps it unused.
     */
    static String newSourcedId(District district, EntityType type, String prefix, Map<String, Object> key) {
        String base = prefix + EdFiIds.resourceId(type.collection(), key.toString()).substring(0, 10);
        String id = base;
        for (int n = 2; district.find(type, id).isPresent(); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** A fresh record's meta: active, no change version yet (the store stamps the time and version). */
    static Meta fresh(String sourcedId, District district) {
        return Meta.active(sourcedId, district.generatedAt());
    }

    /** The meta of a record written again: active again if it was deleted, metadata kept. */
    static Meta revived(Meta meta) {
        return new Meta(meta.sourcedId(), RecordStatus.ACTIVE, meta.lastModified(), meta.metadata());
    }

    /** The record marked to be deleted (the store stamps the time). */
    static RosterRecord deleted(RosterRecord record) {
        return record.withMeta(record.meta().deleted(record.meta().lastModified()));
    }
}
