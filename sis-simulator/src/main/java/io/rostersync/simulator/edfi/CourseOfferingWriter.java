package io.rostersync.simulator.edfi;

import static io.rostersync.simulator.edfi.EdFiNaturalKey.in;
import static io.rostersync.simulator.edfi.EdFiNaturalKey.top;

import java.util.List;

import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Course;
import io.rostersync.simulator.district.RosterRecord.CourseOffering;
import io.rostersync.simulator.district.RosterRecord.Organization;
import io.rostersync.simulator.district.RosterRecord.Session;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * Course offerings have no OneRoster record: the simulator implies one for every course, session and school its
 * classes combine. A write stores an explicit offering (an Ed-Fi-only record), which from then on wins over the
 * implied one, also when deleted. An offering's {@code localCourseCode} must be its course's code, because the
 * district keeps one code per course.
 */
final class CourseOfferingWriter implements EdFiWriter {

    private static final EdFiNaturalKey KEY = EdFiNaturalKey.of(top("localCourseCode"),
            in("schoolReference", "schoolId"), in("sessionReference", "schoolYear"),
            in("sessionReference", "sessionName"));

    @Override
    public List<String> required() {
        return List.of("localCourseCode", "courseReference", "schoolReference", "sessionReference");
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
        long schoolId = body.requiredLong("schoolReference", "schoolId");
        if (body.requiredLong("sessionReference", "schoolId") != schoolId) {
            throw EdFiException.invalid("$.sessionReference.schoolId", "Must be the schoolReference's schoolId.");
        }
        Organization school = refs.school(schoolId);
        Session session = refs.session(schoolId, body.requiredLong("sessionReference", "schoolYear"),
                body.requiredText("sessionReference", "sessionName"));
        Course course = refs.course(body.requiredText("courseReference", "courseCode"),
                body.requiredLong("courseReference", "educationOrganizationId"));
        if (!course.courseCode().equals(body.requiredText("localCourseCode"))) {
            throw EdFiException.invalid("$.localCourseCode",
                    "localCourseCode must be the course's courseCode: the district keeps one code per course.");
        }
        String key = EdFiResources.offeringItemKey(course.sourcedId(), session.sourcedId(), school.sourcedId());
        return Write.of(key, offering(refs, key, body));
    }

    @Override
    public Write update(EdFiReferences refs, Item item, EdFiBody body) {
        Write written = create(refs, body);
        if (!written.itemKey().equals(item.key())) {
            throw EdFiException.conflict("courseReference names another course than the offering's.");
        }
        return written;
    }

    @Override
    public List<RosterRecord> delete(EdFiReferences refs, Item item) {
        CourseOffering current = refs.district().find(EntityType.COURSE_OFFERINGS, item.key(), CourseOffering.class)
                .orElseGet(() -> implied(refs, item.key(), null));
        return List.of(EdFiWriters.deleted(current));
    }

    /** The explicit offering with the body's title; its meta is kept if it was written before. */
    private static CourseOffering offering(EdFiReferences refs, String key, EdFiBody body) {
        CourseOffering written = implied(refs, key, body.text("localCourseTitle"));
        return refs.district().find(EntityType.COURSE_OFFERINGS, key)
                .map(existing -> new CourseOffering(EdFiWriters.revived(existing.meta()), written.courseId(),
                        written.sessionId(), written.schoolId(), written.localCourseTitle()))
                .orElse(written);
    }

    private static CourseOffering implied(EdFiReferences refs, String key, String title) {
        String[] ids = key.split("\\|");
        return new CourseOffering(EdFiWriters.fresh(key, refs.district()), ids[0], ids[1], ids[2], title);
    }
}
