package io.rostersync.simulator.edfi;

import static io.rostersync.simulator.edfi.EdFiNaturalKey.in;
import static io.rostersync.simulator.edfi.EdFiNaturalKey.top;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Section;
import io.rostersync.simulator.edfi.EdFiReferences.Offering;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * Sections are OneRoster classes; {@code sectionIdentifier} is the class sourcedId, so it is unique in the district
 * (not only within an offering) and cannot change. A section of a served offering takes its course, school and
 * session (the class's one term). PUT may move a section to another offering (a key change, as in the ODS/API).
 */
final class SectionWriter implements EdFiWriter {

    private static final String OFFERING = "courseOfferingReference";
    private static final EdFiNaturalKey KEY = EdFiNaturalKey.of(in(OFFERING, "localCourseCode"),
            in(OFFERING, "schoolId"), in(OFFERING, "schoolYear"), in(OFFERING, "sessionName"),
            top("sectionIdentifier"));

    @Override
    public List<String> required() {
        return List.of("sectionIdentifier", OFFERING);
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
        Offering offering = refs.offering(offeringKey(body));
        String id = body.requiredText("sectionIdentifier");
        Optional<Section> taken = refs.district().find(EntityType.CLASSES, id, Section.class);
        if (taken.isPresent() && EdFiReferences.live(taken.get())) {
            throw EdFiException.conflict("sectionIdentifier '" + id + "' is already used by a section of another "
                    + "course offering; the simulator keeps section identifiers unique in the district.");
        }
        Section base = taken.orElseGet(() -> new Section(EdFiWriters.fresh(id, refs.district()), id, id, "scheduled",
                null, offering.course().sourcedId(), offering.school().sourcedId(), List.of(), List.of(),
                offering.course().subjects(), List.of()));
        return Write.of(id, apply(base, offering, List.of(offering.session().sourcedId()), body));
    }

    @Override
    public Write update(EdFiReferences refs, Item item, EdFiBody body) {
        if (!body.requiredText("sectionIdentifier").equals(item.key())) {
            throw EdFiException.keyChangeNotSupported("Section");
        }
        Section section = refs.district().find(EntityType.CLASSES, item.key(), Section.class).orElseThrow();
        Offering offering = refs.offering(offeringKey(body));
        boolean sameOffering = offering.course().sourcedId().equals(section.courseId())
                && offering.school().sourcedId().equals(section.schoolId())
                && EdFiResources.sessionOf(refs.district(), section)
                        .filter(s -> s.sourcedId().equals(offering.session().sourcedId())).isPresent();
        // A class taught in two terms is offered in their school year: keep its terms unless the offering moves.
        List<String> terms = sameOffering ? section.termIds() : List.of(offering.session().sourcedId());
        return Write.of(item.key(), apply(section, offering, terms, body));
    }

    @Override
    public List<RosterRecord> delete(EdFiReferences refs, Item item) {
        return List.of(EdFiWriters.deleted(refs.district().find(EntityType.CLASSES, item.key()).orElseThrow()));
    }

    private static Section apply(Section base, Offering offering, List<String> terms, EdFiBody body) {
        String name = body.text("sectionName");
        return new Section(EdFiWriters.revived(base.meta()), name != null ? name : base.sourcedId(),
                base.classCode(), base.classType(), base.location(), offering.course().sourcedId(),
                offering.school().sourcedId(), terms, body.grades("offeredGradeLevels"), base.subjects(),
                base.periods());
    }

    /** The offering's key values inside a section key or reference. */
    static Map<String, Object> offeringKey(EdFiBody body) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("localCourseCode", body.requiredText(OFFERING, "localCourseCode"));
        key.put("schoolId", body.requiredLong(OFFERING, "schoolId"));
        key.put("schoolYear", body.requiredLong(OFFERING, "schoolYear"));
        key.put("sessionName", body.requiredText(OFFERING, "sessionName"));
        return key;
    }
}
