package io.rostersync.simulator.district;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rostersync.simulator.district.RosterRecord.Enrollment;
import io.rostersync.simulator.district.RosterRecord.Person;

class DistrictGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:52:00Z");
    private static final DistrictSize DEMO = new DistrictSize(42, 2, 200, 12, 12, 6, 3, 2);

    @Test
    void sameSeedGivesTheSameDistrict() {
        District a = DistrictGenerator.generate(DEMO, NOW);
        District b = DistrictGenerator.generate(DEMO, NOW);
        for (EntityType type : EntityType.values()) {
            assertThat(a.all(type).toList()).isEqualTo(b.all(type).toList());
        }
        District other = DistrictGenerator.generate(new DistrictSize(43, 2, 200, 12, 12, 6, 3, 2), NOW);
        assertThat(other.all(EntityType.USERS).toList()).isNotEqualTo(a.all(EntityType.USERS).toList());
    }

    @Test
    void idsAndCountsArePredictable() {
        District d = DistrictGenerator.generate(DEMO, NOW);
        assertThat(d.count(EntityType.ORGS)).isEqualTo(3);
        assertThat(d.count(EntityType.ACADEMIC_SESSIONS)).isEqualTo(7);
        assertThat(d.count(EntityType.CLASSES)).isEqualTo(24);
        assertThat(d.count(EntityType.USERS)).isEqualTo(214);
        assertThat(d.count(EntityType.DEMOGRAPHICS)).isEqualTo(200);
        assertThat(d.count(EntityType.ENROLLMENTS)).isEqualTo(200 * 3 + 24);
        assertThat(d.find(EntityType.USERS, "usr-000200", Person.class)).get().matches(p -> p.hasRole("student"));
        assertThat(d.find(EntityType.USERS, "usr-t00012", Person.class)).get().matches(p -> p.hasRole("teacher"));
        assertThat(d.find(EntityType.USERS, "usr-a00002", Person.class)).get()
                .matches(p -> p.hasRole("districtAdministrator"));
        assertThat(d.find(EntityType.ORGS, "org-00002")).isPresent();
        assertThat(d.find(EntityType.DEMOGRAPHICS, "usr-000001")).isPresent();
    }

    @Test
    void everyTimestampIsInThePastAndEveryClassHasOnePrimaryTeacher() {
        District d = DistrictGenerator.generate(DEMO, NOW);
        for (EntityType type : EntityType.values()) {
            assertThat(d.all(type)).allMatch(r -> r.meta().lastModified().isBefore(NOW));
        }
        List<Enrollment> teacherEnrollments = d.all(EntityType.ENROLLMENTS, Enrollment.class)
                .filter(e -> e.role().equals("teacher")).toList();
        assertThat(teacherEnrollments).hasSize(24).allMatch(Enrollment::primary);
        assertThat(teacherEnrollments.stream().map(Enrollment::classId).distinct()).hasSize(24);
    }

    @Test
    void aHundredThousandStudentsFitInMemoryQuickly() {
        long started = System.nanoTime();
        District d = DistrictGenerator.generate(new DistrictSize(7, 10, 100_000, 400, 100, 8, 3, 2), NOW);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(d.count(EntityType.USERS)).isEqualTo(100_402);
        assertThat(d.count(EntityType.ENROLLMENTS)).isEqualTo(300_000 + 1_000);
        // Generous bound for a shared 2-core machine; typically about 1.5 s.
        assertThat(millis).isLessThan(30_000);
    }
}
