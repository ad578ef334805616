package io.rostersync.simulator.district;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rostersync.simulator.district.RosterRecord.Person;

/** Arrival order never moves a record; key changes share the change version of the write that made them. */
class DistrictArrivalOrderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final District district = DistrictGenerator.generate(new DistrictSize(42, 2, 20, 4, 4, 2, 2, 1), NOW);

    private List<String> arrival() {
        return district.inArrivalOrder(EntityType.USERS).map(RosterRecord::sourcedId).toList();
    }

    private Person copyOf(String sourcedId, String newId) {
        Person p = district.find(EntityType.USERS, sourcedId, Person.class).orElseThrow();
        return new Person(Meta.active(newId, NOW), p.username(), p.enabled(), p.givenName(), p.familyName(),
                p.middleName(), p.roles(), p.primaryOrgId(), null, null, null, p.grades());
    }

    @Test
    void generatedRecordsAreInSourcedIdOrderAndLaterOnesFollowInCreationOrder() {
        List<String> generated = arrival();
        assertThat(generated).isSorted()
                .isEqualTo(district.all(EntityType.USERS).map(RosterRecord::sourcedId).toList());

        district.put(copyOf("usr-000001", "usr-zz-late"));
        district.put(copyOf("usr-000001", "usr-0000005-early-id"));
        district.put(copyOf("usr-000001", "usr-m-middle"));

        assertThat(arrival()).startsWith(generated.toArray(String[]::new))
                .endsWith("usr-zz-late", "usr-0000005-early-id", "usr-m-middle");
        assertThat(district.all(EntityType.USERS).map(RosterRecord::sourcedId).toList()).isSorted()
                .contains("usr-0000005-early-id");
    }

    @Test
    void updatesAndSoftDeletesKeepARecordsPlace() {
        district.put(copyOf("usr-000001", "usr-late-1"));
        district.put(copyOf("usr-000001", "usr-late-2"));
        List<String> before = arrival();

        Person late = district.find(EntityType.USERS, "usr-late-1", Person.class).orElseThrow();
        district.put(late.withMeta(late.meta().deleted(NOW)));
        Person generated = district.find(EntityType.USERS, "usr-000003", Person.class).orElseThrow();
        district.put(generated.withMeta(generated.meta().touched(NOW.plusSeconds(1))));

        assertThat(arrival()).isEqualTo(before);
        assertThat(district.count(EntityType.USERS)).isEqualTo(before.size());
    }

    @Test
    void aKeyChangeIsLoggedUnderTheVersionOfItsWrite() {
        Person p = district.find(EntityType.USERS, "usr-000002", Person.class).orElseThrow();
        RosterRecord stored = district.put(p, new District.KeyChange("students", p.sourcedId(), 0,
                Map.of("studentUniqueId", "S000002"), Map.of("studentUniqueId", "S-2")));

        assertThat(district.newestChangeVersion()).isEqualTo(stored.meta().changeVersion());
        assertThat(district.keyChanges()).singleElement().satisfies(change -> {
            assertThat(change.changeVersion()).isEqualTo(stored.meta().changeVersion());
            assertThat(change.newKeyValues()).containsEntry("studentUniqueId", "S-2");
        });
    }
}
