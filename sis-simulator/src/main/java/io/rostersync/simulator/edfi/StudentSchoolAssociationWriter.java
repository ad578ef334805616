package io.rostersync.simulator.edfi;

import static io.rostersync.simulator.edfi.EdFiNaturalKey.in;
import static io.rostersync.simulator.edfi.EdFiNaturalKey.top;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Affiliation;
import io.rostersync.simulator.district.RosterRecord.Organization;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.district.RosterRecord.SchoolAssociation;
import io.rostersync.simulator.district.RosterRecord.Session;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * A student has at most one school association: the one implied by its primary school role, or one written through
 * Ed-Fi (an Ed-Fi-only record keeping the entry date and grade), which wins from then on. Writing one also makes the
 * school the student's primary school in OneRoster. A second association for a student is a 409; PUT may change the
 * school or entry date (a key change, as in the ODS/API) but not the student.
 */
final class StudentSchoolAssociationWriter implements EdFiWriter {

    private static final EdFiNaturalKey KEY = EdFiNaturalKey.of(top("entryDate"), in("schoolReference", "schoolId"),
            in("studentReference", "studentUniqueId"));

    @Override
    public List<String> required() {
        return List.of("entryDate", "entryGradeLevelDescriptor", "schoolReference", "studentReference");
    }

    @Override
    public EdFiNaturalKey key() {
        return KEY;
    }

    @Override
    public boolean keyChangesAllowed() {
        return true;
    }

    @Override
    public Write create(EdFiReferences refs, EdFiBody body) {
        Person student = refs.student(body.requiredText("studentReference", "studentUniqueId"));
        boolean hasOne = EdFiResources.RESOURCES.get("studentSchoolAssociations").items(refs.district(), null)
                .anyMatch(i -> i.key().equals(student.sourcedId()) && !i.deleted());
        if (hasOne) {
            throw EdFiException.conflict("The student already has a school association; the simulator keeps one per "
                    + "student: change it with PUT.");
        }
        return write(refs, student, body);
    }

    @Override
    public Write update(EdFiReferences refs, Item item, EdFiBody body) {
        Person student = refs.district().find(EntityType.USERS, item.key(), Person.class).orElseThrow();
        if (!EdFiIds.uniqueId(student).equals(body.requiredText("studentReference", "studentUniqueId"))) {
            throw EdFiException.keyChangeNotSupported("StudentSchoolAssociation");
        }
        return write(refs, student, body);
    }

    @Override
    public List<RosterRecord> delete(EdFiReferences refs, Item item) {
        Person student = refs.district().find(EntityType.USERS, item.key(), Person.class).orElseThrow();
        SchoolAssociation current = refs.district()
                .find(EntityType.SCHOOL_ASSOCIATIONS, item.key(), SchoolAssociation.class)
                .orElseGet(() -> new SchoolAssociation(EdFiWriters.fresh(item.key(), refs.district()),
                        primarySchool(student).orElseThrow(),
                        LocalDate.parse(item.keyValues().get().get("entryDate").asString()),
                        student.grades().isEmpty() ? null : student.grades().get(0)));
        return List.of(EdFiWriters.deleted(current));
    }

    private static Write write(EdFiReferences refs, Person student, EdFiBody body) {
        Organization school = refs.school(body.requiredLong("schoolReference", "schoolId"));
        LocalDate entryDate = body.requiredDate("entryDate");
        String grade = body.grade("entryGradeLevelDescriptor");
        if (body.has("schoolYearTypeReference")) {
            long year = body.requiredLong("schoolYearTypeReference", "schoolYear");
            boolean known = EdFiResources.schoolYear(refs.district()).map(Session::schoolYear)
                    .filter(y -> y.equals(Long.toString(year))).isPresent();
            if (!known) {
                throw EdFiException.unresolvedReference("SchoolYearType");
            }
        }
        SchoolAssociation association = refs.district()
                .find(EntityType.SCHOOL_ASSOCIATIONS, student.sourcedId(), SchoolAssociation.class)
                .map(a -> new SchoolAssociation(EdFiWriters.revived(a.meta()), school.sourcedId(), entryDate, grade))
                .orElseGet(() -> new SchoolAssociation(EdFiWriters.fresh(student.sourcedId(), refs.district()),
                        school.sourcedId(), entryDate, grade));
        List<RosterRecord> records = new ArrayList<>();
        if (!primarySchool(student).filter(school.sourcedId()::equals).isPresent()) {
            records.add(movedTo(student, school.sourcedId()));
        }
        records.add(association);
        return new Write(student.sourcedId(), records);
    }

    private static Optional<String> primarySchool(Person student) {
        return student.roles().stream().filter(r -> r.role().equals("student") && r.primary())
                .map(Affiliation::orgId).findFirst();
    }

    /** The student with its primary student role (and primary org, if it was that role's) in the school. */
    private static Person movedTo(Person p, String schoolId) {
        String from = primarySchool(p).orElse(null);
        List<Affiliation> roles = new ArrayList<>();
        boolean moved = false;
        for (Affiliation role : p.roles()) {
            if (!moved && role.role().equals("student") && role.primary()) {
                roles.add(new Affiliation("student", true, schoolId));
                moved = true;
            } else {
                roles.add(role);
            }
        }
        if (!moved) {
            roles.add(0, new Affiliation("student", true, schoolId));
        }
        String primaryOrg = p.primaryOrgId() == null || p.primaryOrgId().equals(from) ? schoolId : p.primaryOrgId();
        return new Person(p.meta(), p.username(), p.enabled(), p.givenName(), p.familyName(), p.middleName(), roles,
                primaryOrg, p.identifier(), p.email(), p.phone(), p.grades());
    }
}
