package io.rostersync.simulator.edfi;

import static io.rostersync.simulator.edfi.EdFiNaturalKey.top;

import java.util.List;
import java.util.Optional;

import io.rostersync.simulator.district.DistrictGenerator;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Organization;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * Schools are OneRoster orgs of type {@code school}. A new school's sourcedId follows from its {@code schoolId}
 * ({@link EdFiIds#orgSourcedId}). {@code gradeLevels} are kept (a school without them is served with the grades of its
 * courses); {@code educationOrganizationCategories} are checked but not kept: every school is in the category School.
 */
final class SchoolWriter implements EdFiWriter {

    private static final EdFiNaturalKey KEY = EdFiNaturalKey.of(top("schoolId"));

    @Override
    public List<String> required() {
        return List.of("schoolId", "nameOfInstitution", "gradeLevels", "educationOrganizationCategories");
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
        long schoolId = body.requiredLong("schoolId");
        String sourcedId = EdFiIds.orgSourcedId(schoolId);
        Optional<Organization> taken = refs.district().find(EntityType.ORGS, sourcedId, Organization.class);
        if (taken.isPresent() && EdFiReferences.live(taken.get())) {
            throw EdFiException.conflict("Education organization " + schoolId + " already exists as a "
                    + taken.get().kind() + ".");
        }
        Organization base = taken.orElseGet(() -> new Organization(EdFiWriters.fresh(sourcedId, refs.district()),
                null, "school", "SCH-" + schoolId, DistrictGenerator.DISTRICT_ID));
        return Write.of(sourcedId, apply(refs, base, body));
    }

    @Override
    public Write update(EdFiReferences refs, Item item, EdFiBody body) {
        Organization school = refs.district().find(EntityType.ORGS, item.key(), Organization.class).orElseThrow();
        return Write.of(item.key(), apply(refs, school, body));
    }

    @Override
    public List<RosterRecord> delete(EdFiReferences refs, Item item) {
        return List.of(EdFiWriters.deleted(refs.district().find(EntityType.ORGS, item.key()).orElseThrow()));
    }

    private static Organization apply(EdFiReferences refs, Organization base, EdFiBody body) {
        List<String> grades = body.grades("gradeLevels");
        body.descriptors("educationOrganizationCategories", "educationOrganizationCategoryDescriptor");
        String parent = body.has("localEducationAgencyReference")
                ? refs.localEducationAgency(body.requiredLong("localEducationAgencyReference",
                        "localEducationAgencyId")).sourcedId()
                : base.parentId();
        String shortName = body.text("shortNameOfInstitution");
        return new Organization(EdFiWriters.revived(base.meta()), body.requiredText("nameOfInstitution"), "school",
                shortName != null ? shortName : base.identifier(), parent, grades);
    }
}
