package io.rostersync.simulator.edfi;

import static io.rostersync.simulator.edfi.EdFiNaturalKey.in;
import static io.rostersync.simulator.edfi.EdFiNaturalKey.top;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Enrollment;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.district.RosterRecord.Section;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * Student and staff section associations are OneRoster enrollments (role student, or teacher/administrator with
 * {@code primary} = Teacher of Record). A student's association may change its key with PUT (another section, begin
 * date or student), as in the ODS/API; a staff association's key cannot change.
 */
final class SectionAssociationWriter implements EdFiWriter {

    private static final String SECTION = "sectionReference";

    private final boolean students;
    private final String personReference;
    private final String personKey;
    private final EdFiNaturalKey key;

    SectionAssociationWriter(boolean students) {
        this.students = students;
        this.personReference = students ? "studentReference" : "staffReference";
        this.personKey = students ? "studentUniqueId" : "staffUniqueId";
        this.key = EdFiNaturalKey.of(in(SECTION, "localCourseCode"), in(SECTION, "schoolId"),
                in(SECTION, "schoolYear"), in(SECTION, "sessionName"), in(SECTION, "sectionIdentifier"),
                top("beginDate"), in(personReference, personKey));
    }

    @Override
    public List<String> required() {
        return students ? List.of("beginDate", SECTION, "studentReference")
                : List.of("beginDate", "classroomPositionDescriptor", SECTION, "staffReference");
    }

    @Override
    public EdFiNaturalKey key() {
        return key;
    }

    @Override
    public boolean keyChangesAllowed() {
        return students;
    }

    @Override
    public Write create(EdFiReferences refs, EdFiBody body) {
        String id = EdFiWriters.newSourcedId(refs.district(), EntityType.ENROLLMENTS, "enr-e", key.of(body.json()));
        Enrollment base = new Enrollment(EdFiWriters.fresh(id, refs.district()), null, null, null, null, null, null,
                null);
        return Write.of(id, apply(refs, base, body));
    }

    @Override
    public Write update(EdFiReferences refs, Item item, EdFiBody body) {
        return Write.of(item.key(), apply(refs,
                refs.district().find(EntityType.ENROLLMENTS, item.key(), Enrollment.class).orElseThrow(), body));
    }

    @Override
    public List<RosterRecord> delete(EdFiReferences refs, Item item) {
        return List.of(EdFiWriters.deleted(refs.district().find(EntityType.ENROLLMENTS, item.key()).orElseThrow()));
    }

    private Enrollment apply(EdFiReferences refs, Enrollment base, EdFiBody body) {
        Section section = refs.section(sectionKey(body));
        String uniqueId = body.requiredText(personReference, personKey);
        Person person = students ? refs.student(uniqueId) : refs.staff(uniqueId);
        LocalDate begin = body.requiredDate("beginDate");
        LocalDate end = body.date("endDate");
        if (end != null && end.isBefore(begin)) {
            throw EdFiException.invalid("$.endDate", "endDate must not be before beginDate.");
        }
        String role = students ? "student" : person.hasRole("teacher") ? "teacher" : "administrator";
        Boolean primary = students ? Boolean.FALSE : "Teacher of Record".equals(
                EdFiDescriptors.codeValue(body.requiredText("classroomPositionDescriptor")));
        return new Enrollment(EdFiWriters.revived(base.meta()), person.sourcedId(), section.sourcedId(),
                section.schoolId(), role, primary, begin, end);
    }

    private static Map<String, Object> sectionKey(EdFiBody body) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("localCourseCode", body.requiredText(SECTION, "localCourseCode"));
        key.put("schoolId", body.requiredLong(SECTION, "schoolId"));
        key.put("schoolYear", body.requiredLong(SECTION, "schoolYear"));
        key.put("sessionName", body.requiredText(SECTION, "sessionName"));
        key.put("sectionIdentifier", body.requiredText(SECTION, "sectionIdentifier"));
        return key;
    }
}
