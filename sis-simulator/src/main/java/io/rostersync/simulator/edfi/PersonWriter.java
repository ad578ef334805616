package io.rostersync.simulator.edfi;

import static io.rostersync.simulator.edfi.EdFiNaturalKey.top;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.DistrictGenerator;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.Meta;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Affiliation;
import io.rostersync.simulator.district.RosterRecord.Demographic;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * Students and staffs are OneRoster users ({@code studentUniqueId}/{@code staffUniqueId} = {@code identifier}); a
 * student's birth date and sex live in its demographics record. A new person gets sourcedId {@code usr-<uniqueId>}
 * and a role in the district org (a school association gives a student its school).
 * <p>
 * PUT may change the unique id (a key change). DS 5.0 marks students and staffs as not configured for key changes;
 * the simulator allows it so clients can be tested against person key changes through the API too.
 */
final class PersonWriter implements EdFiWriter {

    private final boolean students;
    private final String keyName;
    private final EdFiNaturalKey key;

    PersonWriter(boolean students) {
        this.students = students;
        this.keyName = students ? "studentUniqueId" : "staffUniqueId";
        this.key = EdFiNaturalKey.of(top(keyName));
    }

    @Override
    public List<String> required() {
        return students ? List.of("birthDate", "firstName", "lastSurname", "studentUniqueId")
                : List.of("firstName", "lastSurname", "staffUniqueId");
    }

    @Override
    public EdFiNaturalKey key() {
        return key;
    }

    @Override
    public boolean keyChangesAllowed() {
        return true;
    }

    @Override
    public Write create(EdFiReferences refs, EdFiBody body) {
        District district = refs.district();
        String uniqueId = body.requiredText(keyName);
        String id = "usr-" + uniqueId;
        for (int n = 2; district.find(EntityType.USERS, id).isPresent(); n++) {
            id = "usr-" + uniqueId + "-" + n;
        }
        Person base = new Person(EdFiWriters.fresh(id, district), null, true, "-", "-", null,
                List.of(new Affiliation(students ? "student" : "teacher", true, DistrictGenerator.DISTRICT_ID)),
                DistrictGenerator.DISTRICT_ID, uniqueId, null, null, List.of());
        return write(district, base, body);
    }

    @Override
    public Write update(EdFiReferences refs, Item item, EdFiBody body) {
        return write(refs.district(),
                refs.district().find(EntityType.USERS, item.key(), Person.class).orElseThrow(), body);
    }

    @Override
    public List<RosterRecord> delete(EdFiReferences refs, Item item) {
        return List.of(EdFiWriters.deleted(refs.district().find(EntityType.USERS, item.key()).orElseThrow()));
    }

    /** The body's names, key, login (staff) and a student's birth date and sex applied to the person. */
    private Write write(District district, Person base, EdFiBody body) {
        String login = body.text("loginId");
        Person person = new Person(base.meta(), students || login == null ? base.username() : login, base.enabled(),
                body.requiredText("firstName"), body.requiredText("lastSurname"), body.text("middleName"),
                base.roles(), base.primaryOrgId(), body.requiredText(keyName), base.email(), base.phone(),
                base.grades());
        List<RosterRecord> records = new ArrayList<>(List.of(person));
        if (students) {
            LocalDate birthDate = body.requiredDate("birthDate");
            String sexUri = body.text("birthSexDescriptor");
            String code = EdFiDescriptors.codeValue(sexUri);
            String sex = "Female".equals(code) ? "female" : "Male".equals(code) ? "male" : null;
            Optional<Demographic> demo = district.find(EntityType.DEMOGRAPHICS, person.sourcedId(), Demographic.class);
            if (demo.isEmpty() || !birthDate.equals(demo.get().birthDate())
                    || sex != null && !sex.equals(demo.get().sex())) {
                Demographic d = demo.orElseGet(() -> new Demographic(
                        Meta.active(person.sourcedId(), district.generatedAt()), null, null, Set.of(), null, null,
                        null, null));
                records.add(new Demographic(d.meta(), birthDate, sex != null ? sex : d.sex(), d.races(),
                        d.hispanicOrLatino(), d.countryOfBirthCode(), d.stateOfBirthAbbreviation(), d.cityOfBirth()));
            }
        }
        return new Write(person.sourcedId(), records);
    }
}
