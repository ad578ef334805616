package io.rostersync.simulator.edfi;

import static io.rostersync.simulator.edfi.EdFiNaturalKey.in;
import static io.rostersync.simulator.edfi.EdFiNaturalKey.top;

import java.util.List;

import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Course;
import io.rostersync.simulator.district.RosterRecord.Session;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * Courses are OneRoster courses of the referenced education organization (a school or the district), in the
 * district's school year. {@code offeredGradeLevels} are the course grades; the identification codes are checked but
 * not kept (the served one is always the course code).
 */
final class CourseWriter implements EdFiWriter {

    private static final EdFiNaturalKey KEY = EdFiNaturalKey.of(top("courseCode"),
            in("educationOrganizationReference", "educationOrganizationId"));

    @Override
    public List<String> required() {
        return List.of("courseCode", "courseTitle", "numberOfParts", "identificationCodes",
                "educationOrganizationReference");
    }

    @Override
    public EdFiNaturalKey key() {
        return KEY;
    }

    @Override
    public boolean keyChangesAllowed() {
        return false;
    }

    @Override
    public Write create(EdFiReferences refs, EdFiBody body) {
        String org = refs.educationOrganization(
                body.requiredLong("educationOrganizationReference", "educationOrganizationId")).sourcedId();
        String id = EdFiWriters.newSourcedId(refs.district(), EntityType.COURSES, "crs-e", KEY.of(body.json()));
        String schoolYear = EdFiResources.schoolYear(refs.district()).map(Session::sourcedId).orElse(null);
        Course base = new Course(EdFiWriters.fresh(id, refs.district()), "", body.requiredText("courseCode"),
                schoolYear, org, List.of(), List.of());
        return Write.of(id, apply(base, body));
    }

    @Override
    public Write update(EdFiReferences refs, Item item, EdFiBody body) {
        return Write.of(item.key(),
                apply(refs.district().find(EntityType.COURSES, item.key(), Course.class).orElseThrow(), body));
    }

    @Override
    public List<RosterRecord> delete(EdFiReferences refs, Item item) {
        return List.of(EdFiWriters.deleted(refs.district().find(EntityType.COURSES, item.key()).orElseThrow()));
    }

    private static Course apply(Course base, EdFiBody body) {
        body.descriptors("identificationCodes", "courseIdentificationSystemDescriptor");
        return new Course(EdFiWriters.revived(base.meta()), body.requiredText("courseTitle"), base.courseCode(),
                base.schoolYearId(), base.orgId(), body.grades("offeredGradeLevels"), base.subjects());
    }
}
