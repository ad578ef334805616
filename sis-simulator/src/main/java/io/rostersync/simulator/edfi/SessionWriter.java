package io.rostersync.simulator.edfi;

import static io.rostersync.simulator.edfi.EdFiNaturalKey.in;
import static io.rostersync.simulator.edfi.EdFiNaturalKey.top;

import java.time.LocalDate;
import java.util.List;

import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Organization;
import io.rostersync.simulator.district.RosterRecord.Session;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * Sessions are OneRoster academic sessions (terms, or the school year for {@code Year Round}). A new one belongs to
 * its school only. The generated calendar is shared by every school, so writing one school's copy of a generated term
 * changes (or deletes) that term for every school. PUT may rename a session or move it to another school year (a key
 * change, as in the ODS/API); it cannot move it to another school. {@code totalInstructionalDays} is always the
 * weekdays between the dates.
 */
final class SessionWriter implements EdFiWriter {

    private static final EdFiNaturalKey KEY = EdFiNaturalKey.of(in("schoolReference", "schoolId"),
            in("schoolYearTypeReference", "schoolYear"), top("sessionName"));

    @Override
    public List<String> required() {
        return List.of("sessionName", "termDescriptor", "beginDate", "endDate", "totalInstructionalDays",
                "schoolReference", "schoolYearTypeReference");
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
        Organization school = refs.school(body.requiredLong("schoolReference", "schoolId"));
        long schoolYear = body.requiredLong("schoolYearTypeReference", "schoolYear");
        String term = EdFiDescriptors.codeValue(body.requiredText("termDescriptor"));
        String kind = "Year Round".equals(term) ? "schoolYear" : "term";
        String parent = kind.equals("term") ? EdFiResources.schoolYear(refs.district())
                .filter(y -> y.schoolYear().equals(Long.toString(schoolYear))).map(Session::sourcedId).orElse(null)
                : null;
        String id = EdFiWriters.newSourcedId(refs.district(), EntityType.ACADEMIC_SESSIONS, "ses-e",
                KEY.of(body.json()));
        LocalDate[] dates = dates(body);
        Session session = new Session(EdFiWriters.fresh(id, refs.district()), body.requiredText("sessionName"), kind,
                dates[0], dates[1], parent, Long.toString(schoolYear), school.sourcedId());
        return Write.of(school.sourcedId() + "|" + id, session);
    }

    @Override
    public Write update(EdFiReferences refs, Item item, EdFiBody body) {
        String[] keys = item.key().split("\\|");
        Organization school = refs.school(body.requiredLong("schoolReference", "schoolId"));
        if (!school.sourcedId().equals(keys[0])) {
            throw EdFiException.keyChangeNotSupported("Session");
        }
        Session s = refs.district().find(EntityType.ACADEMIC_SESSIONS, keys[1], Session.class).orElseThrow();
        LocalDate[] dates = dates(body);
        return Write.of(item.key(), new Session(s.meta(), body.requiredText("sessionName"), s.kind(), dates[0],
                dates[1], s.parentId(), Long.toString(body.requiredLong("schoolYearTypeReference", "schoolYear")),
                s.orgId()));
    }

    @Override
    public List<RosterRecord> delete(EdFiReferences refs, Item item) {
        return List.of(EdFiWriters.deleted(
                refs.district().find(EntityType.ACADEMIC_SESSIONS, item.key().split("\\|")[1]).orElseThrow()));
    }

    private static LocalDate[] dates(EdFiBody body) {
        LocalDate begin = body.requiredDate("beginDate");
        LocalDate end = body.requiredDate("endDate");
        if (end.isBefore(begin)) {
            throw EdFiException.invalid("$.endDate", "endDate must not be before beginDate.");
        }
        return new LocalDate[] { begin, end };
    }
}
