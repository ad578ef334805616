package io.rostersync.simulator.edfi;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RecordStatus;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Course;
import io.rostersync.simulator.district.RosterRecord.Organization;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.district.RosterRecord.Section;
import io.rostersync.simulator.district.RosterRecord.Session;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * Resolves the references in an Ed-Fi body (natural keys of other items) to the district's records. Only live
 * items can be referenced; a reference to anything else is a 409 {@code unresolved-reference}, as in the ODS/API.
 */
final class EdFiReferences {

    /** The records behind a course offering. */
    record Offering(Course course, Session session, Organization school) {
    }

    private final District district;

    EdFiReferences(District district) {
        this.district = district;
    }

    District district() {
        return district;
    }

    Organization school(long schoolId) {
        return educationOrganization(schoolId, o -> "school".equals(o.kind()), "School");
    }

    /** A school or the district (an Ed-Fi local education agency). */
    Organization educationOrganization(long id) {
        return educationOrganization(id, o -> true, "EducationOrganization");
    }

    Organization localEducationAgency(long id) {
        return educationOrganization(id, o -> "district".equals(o.kind()), "LocalEducationAgency");
    }

    private Organization educationOrganization(long id, Predicate<Organization> kind, String what) {
        return district.find(EntityType.ORGS, EdFiIds.orgSourcedId(id), Organization.class)
                .or(() -> district.all(EntityType.ORGS, Organization.class)
                        .filter(o -> EdFiIds.educationOrganizationId(o.sourcedId()) == id).findFirst())
                .filter(EdFiReferences::live).filter(kind)
                .orElseThrow(() -> EdFiException.unresolvedReference(what));
    }

    /** A term or school year the school has, by the session key (school, school year, session name). */
    Session session(long schoolId, long schoolYear, String sessionName) {
        Organization school = school(schoolId);
        return district.all(EntityType.ACADEMIC_SESSIONS, Session.class).filter(EdFiReferences::live)
                .filter(s -> s.kind().equals("term") || s.kind().equals("schoolYear"))
                .filter(s -> s.heldBy(school.sourcedId()) && s.title().equals(sessionName)
                        && s.schoolYear().equals(Long.toString(schoolYear)))
                .findFirst().orElseThrow(() -> EdFiException.unresolvedReference("Session"));
    }

    Course course(String courseCode, long educationOrganizationId) {
        return district.all(EntityType.COURSES, Course.class).filter(EdFiReferences::live)
                .filter(c -> c.courseCode().equals(courseCode) && c.orgId() != null
                        && EdFiIds.educationOrganizationId(c.orgId()) == educationOrganizationId)
                .findFirst().orElseThrow(() -> EdFiException.unresolvedReference("Course"));
    }

    /** A served course offering, by its key values (localCourseCode, schoolId, schoolYear, sessionName). */
    Offering offering(Map<String, Object> key) {
        Item item = live("courseOfferings", key).orElseThrow(() -> EdFiException.unresolvedReference("CourseOffering"));
        String[] ids = item.key().split("\\|");
        return new Offering(district.find(EntityType.COURSES, ids[0], Course.class).orElseThrow(),
                district.find(EntityType.ACADEMIC_SESSIONS, ids[1], Session.class).orElseThrow(),
                district.find(EntityType.ORGS, ids[2], Organization.class).orElseThrow());
    }

    /** A served section, by its key values (the offering's and sectionIdentifier). */
    Section section(Map<String, Object> key) {
        Item item = live("sections", key).orElseThrow(() -> EdFiException.unresolvedReference("Section"));
        return district.find(EntityType.CLASSES, item.key(), Section.class).orElseThrow();
    }

    Person student(String studentUniqueId) {
        return person(studentUniqueId, p -> p.hasRole("student"), "Student");
    }

    Person staff(String staffUniqueId) {
        return person(staffUniqueId, EdFiReferences::isStaff, "Staff");
    }

    /** Who the {@code staffs} resource serves. */
    static boolean isStaff(Person p) {
        return p.hasRole("teacher") || p.hasRole("administrator");
    }

    private Person person(String uniqueId, Predicate<Person> kind, String what) {
        return district.all(EntityType.USERS, Person.class).filter(EdFiReferences::live).filter(kind)
                .filter(p -> EdFiIds.uniqueId(p).equals(uniqueId)).findFirst()
                .orElseThrow(() -> EdFiException.unresolvedReference(what));
    }

    /** The live item of a resource with these key values, if any. */
    Optional<Item> live(String resource, Map<String, Object> key) {
        EdFiNaturalKey naturalKey = EdFiWriters.key(resource);
        return EdFiResources.RESOURCES.get(resource).items(district, null).filter(i -> !i.deleted())
                .filter(i -> EdFiNaturalKey.same(naturalKey.of(i.keyValues().get()), key)).findFirst();
    }

    static boolean live(RosterRecord record) {
        return record.meta().status() == RecordStatus.ACTIVE;
    }
}
