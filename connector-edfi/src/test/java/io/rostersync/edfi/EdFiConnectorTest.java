package io.rostersync.edfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.core.connector.ConnectionCheck;
import io.rostersync.core.connector.PullOutcome;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.OutboxChange;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.core.testsupport.RecordingSink;
import io.rostersync.core.connector.http.CircuitBreakerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The connector against the SIS simulator's Ed-Fi API over real HTTP (in this JVM, random port); nothing is mocked. */
class EdFiConnectorTest {

    private static final String SECRET_REF = "config:test.sis.secret";
    private static final List<EntityType> PULLED = List.of(EntityType.ORGS, EntityType.ACADEMIC_SESSIONS, EntityType.COURSES,
            EntityType.CLASSES, EntityType.USERS, EntityType.ENROLLMENTS);

    /** 200 students + 12 teachers: the simulator serves no staffs for its district administrators (role districtAdministrator). */
    private static final int SERVED_USERS = 212;

    private final Simulator sim = Simulator.instance();
    private EdFiConnector connector;

    @BeforeEach
    void freshDistrictAndConnector() {
        sim.regenerate();
        connector = connector(50);
    }

    static EdFiConnector connector(int pageSize) {
        // Fast backoff, no noticeable rate limit and a circuit that does not open: the faults under test stay visible.
        EdFiSettings settings = new EdFiSettings(pageSize, Duration.ofSeconds(2), Duration.ofSeconds(10), 2, Duration.ofMillis(10), 2.0, 0.5,
                Duration.ofMillis(50), Duration.ofSeconds(2), 1000, new CircuitBreakerSettings(100, 100, 100, Duration.ofSeconds(30), 1),
                Duration.ofSeconds(60));
        MockEnvironment environment = new MockEnvironment().withProperty("test.sis.secret", Simulator.SECRET)
                .withProperty("test.sis.wrong", "not-the-secret");
        return new EdFiConnector(settings, new SecretResolver(environment), EventCodec.defaultMapper(), Clock.systemUTC());
    }

    /** The canonical id of a generated (OneRoster) student: its Ed-Fi resource id, MD5("students/<sourcedId>"). */
    static String student(String oneRosterId) {
        return EdFiRecords.md5("students/" + oneRosterId);
    }

    private PullCommand full() {
        return new PullCommand("run-1", "int-1", sim.connection(SECRET_REF), PullMode.FULL, List.of(), Map.of(), Map.of());
    }

    private PullCommand incremental(Map<EntityType, String> cursors) {
        return new PullCommand("run-2", "int-1", sim.connection(SECRET_REF), PullMode.INCREMENTAL, List.of(), cursors, Map.of());
    }

    @Test
    void firstSyncReadsEveryResourceWithTheOneRosterIdsOfTheSameDistrict() {
        RecordingSink sink = new RecordingSink();

        PullOutcome outcome = connector.pull(incremental(Map.of()), sink);

        Map<String, Long> counts = sim.counts();
        assertThat(sink.ids(EntityType.ORGS)).containsExactlyInAnyOrder("org-00001", "org-00002");
        assertThat(sink.ids(EntityType.ACADEMIC_SESSIONS)).hasSize(6); // 2 schools × (2 terms + the school year)
        assertThat(sink.ids(EntityType.COURSES)).hasSize(counts.get("courses").intValue());
        assertThat(sink.ids(EntityType.CLASSES)).hasSize(counts.get("classes").intValue()).contains("cls-00001");
        assertThat(sink.ids(EntityType.USERS)).hasSize(SERVED_USERS)
                .contains(student("usr-000001"), EdFiRecords.md5("staffs/usr-t00001"))
                .doesNotHaveDuplicates();
        assertThat(sink.ids(EntityType.ENROLLMENTS)).hasSize(counts.get("enrollments").intValue()).doesNotHaveDuplicates();
        assertThat(sink.batches).allSatisfy(b -> {
            assertThat(b.records().size()).isLessThanOrEqualTo(50);
            assertThat(b.failed()).isZero();
            assertThat(b.deletes()).isEmpty();
        });
        assertThat(sink.batches.stream().map(RecordingSink.Batch::entityType).distinct().toList()).containsExactlyElementsOf(PULLED);
        assertThat(outcome.completeSnapshots()).containsExactlyInAnyOrderElementsOf(PULLED);
        String newest = outcome.cursorAfter().get(EntityType.USERS);
        assertThat(Long.parseLong(newest)).isPositive();
        assertThat(outcome.cursorAfter()).containsOnlyKeys(PULLED).allSatisfy((type, cursor) -> assertThat(cursor).isEqualTo(newest));

        RosterRecord school = sink.record(EntityType.ORGS, "org-00001");
        assertThat(school.attributes()).containsEntry("type", "school")
                .containsEntry("parent", Map.of("sourcedId", "org-00000", "type", "org"));
        assertThat(school.attributes().get("grades")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("09");
        RosterRecord student = sink.record(EntityType.USERS, student("usr-000001"));
        assertThat(student.etag()).matches("\\d+");
        assertThat(student.dateLastModified()).isBefore(Instant.now());
        assertThat(student.attributes()).containsKeys("givenName", "familyName")
                .containsEntry("roles", List.of(Map.of("roleType", "primary", "role", "student")));
        RosterRecord section = sink.record(EntityType.CLASSES, "cls-00001");
        assertThat(section.attributes().get("course")).isNotNull();
        assertThat(sink.ids(EntityType.COURSES)).contains(((Map<?, ?>) section.attributes().get("course")).get("sourcedId").toString());
        assertThat((List<?>) section.attributes().get("terms")).hasSize(1);
        RosterRecord enrollment = sink.records(EntityType.ENROLLMENTS).stream()
                .filter(e -> e.attributes().get("role").equals("teacher")).findFirst().orElseThrow();
        assertThat(sink.ids(EntityType.USERS)).contains(((Map<?, ?>) enrollment.attributes().get("user")).get("sourcedId").toString());
        assertThat(sink.ids(EntityType.CLASSES)).contains(((Map<?, ?>) enrollment.attributes().get("class")).get("sourcedId").toString());
        assertThat(connector.tokenRequestsSent()).isEqualTo(1);
    }

    @Test
    void anIncrementalWindowReadsOnlyWhatChangedSinceTheCursor() {
        PullOutcome first = connector.pull(full(), new RecordingSink());
        sim.patch("users", "usr-000005", "{\"familyName\":\"Renamed\"}");

        RecordingSink sink = new RecordingSink();
        PullOutcome second = connector.pull(incremental(first.cursorAfter()), sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactly(student("usr-000005"));
        assertThat(sink.record(EntityType.USERS, student("usr-000005")).attributes()).containsEntry("familyName", "Renamed");
        // Its section associations carry the person, so they changed too; nothing else did.
        assertThat(sink.ids(EntityType.ENROLLMENTS)).hasSize(3);
        assertThat(sink.ids(EntityType.ORGS)).isEmpty();
        assertThat(second.completeSnapshots()).isEmpty();
        assertThat(Long.parseLong(second.cursorAfter().get(EntityType.USERS)))
                .isGreaterThan(Long.parseLong(first.cursorAfter().get(EntityType.USERS)));

        RecordingSink quiet = new RecordingSink();
        PullOutcome third = connector.pull(incremental(second.cursorAfter()), quiet);
        assertThat(quiet.batches).isEmpty();
        assertThat(third.cursorAfter()).isEqualTo(second.cursorAfter());
        assertThat(connector.tokenRequestsSent()).isEqualTo(1);
    }

    @Test
    void aCursorOlderThanTheChangesTheSisKeepsEndsThePullAsExpiredInsteadOfSkippingThem() {
        PullOutcome first = connector.pull(full(), new RecordingSink());
        long cursor = Long.parseLong(first.cursorAfter().get(EntityType.USERS));
        sim.patch("users", "usr-000005", "{\"familyName\":\"Renamed\"}");
        sim.softDelete("users", "usr-000006");
        // The ODS purged its change tracking up to after the rename: the delete is still there, the rename is not.
        sim.retainChangesFrom(cursor + 2);

        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> connector.pull(incremental(first.cursorAfter()), sink))
                .isInstanceOfSatisfying(io.rostersync.core.connector.ConnectorException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(io.rostersync.core.events.PullFailed.CURSOR_EXPIRED);
                    assertThat(e.getMessage()).contains("keeps changes from version " + (cursor + 2), "cursor is at " + cursor);
                });
        assertThat(sink.batches).as("nothing read from a window with a hole in it").isEmpty();

        // A full pull does not depend on change tracking and still reads everything.
        RecordingSink full = new RecordingSink();
        PullOutcome resync = connector.pull(full(), full);
        assertThat(full.record(EntityType.USERS, student("usr-000005")).attributes()).containsEntry("familyName", "Renamed");
        assertThat(resync.completeSnapshots()).contains(EntityType.USERS);
    }

    @Test
    void deletesArriveAfterUpsertsInReverseDependencyOrder() {
        PullOutcome first = connector.pull(full(), new RecordingSink());
        sim.softDelete("users", "usr-000007");
        sim.patch("users", "usr-000008", "{\"givenName\":\"Changed\"}");

        RecordingSink sink = new RecordingSink();
        connector.pull(incremental(first.cursorAfter()), sink);

        assertThat(sink.deletes(EntityType.USERS)).containsExactly(student("usr-000007"));
        assertThat(sink.ids(EntityType.USERS)).containsExactly(student("usr-000008"));
        assertThat(sink.deletes(EntityType.ENROLLMENTS)).hasSize(3);
        List<EntityType> deleteOrder = sink.batches.stream().filter(b -> !b.deletes().isEmpty()).map(RecordingSink.Batch::entityType)
                .distinct().toList();
        assertThat(deleteOrder).containsExactly(EntityType.ENROLLMENTS, EntityType.USERS);
        int lastUpsert = 0;
        int firstDelete = Integer.MAX_VALUE;
        for (int i = 0; i < sink.batches.size(); i++) {
            if (!sink.batches.get(i).records().isEmpty()) {
                lastUpsert = i;
            }
            if (!sink.batches.get(i).deletes().isEmpty()) {
                firstDelete = Math.min(firstDelete, i);
            }
        }
        assertThat(lastUpsert).isLessThan(firstDelete);
    }

    @Test
    void aStudentUniqueIdChangeLeavesOneUserNotTwo() {
        PullOutcome first = connector.pull(full(), new RecordingSink());
        sim.rekey("usr-000009", "S-9");

        RecordingSink sink = new RecordingSink();
        connector.pull(incremental(first.cursorAfter()), sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactly(student("usr-000009"));
        assertThat(sink.record(EntityType.USERS, student("usr-000009")).attributes()).containsEntry("identifier", "S-9");
        assertThat(sink.deletes(EntityType.USERS)).isEmpty();
        assertThat(sink.records(EntityType.ENROLLMENTS)).hasSize(3).allSatisfy(e ->
                assertThat(e.attributes().get("user")).isEqualTo(Map.of("sourcedId", student("usr-000009"), "type", "user")));

        // A first sync after the key change (a new integration) agrees: the same id, one user.
        RecordingSink fresh = new RecordingSink();
        connector(500).pull(full(), fresh);
        assertThat(fresh.ids(EntityType.USERS)).contains(student("usr-000009")).doesNotContain("S-9").doesNotHaveDuplicates()
                .hasSize(SERVED_USERS);
    }

    @Test
    void aPushWithTheCurrentEtagIsAppliedAndAStaleOneIsAConflict() {
        RecordingSink sink = new RecordingSink();
        PullOutcome first = connector.pull(full(), sink);
        String etag = sink.record(EntityType.USERS, student("usr-000010")).etag();

        PushResult applied = connector.push(new PushCommand("run-p", "int-1", sim.connection(SECRET_REF), List.of(
                new OutboxChange("c1", EntityType.USERS, student("usr-000010"), etag, Map.of("familyName", "Pushed"), Instant.now()))));

        assertThat(applied.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(PushResult.Status.APPLIED);
            assertThat(o.newEtag()).isNotEqualTo(etag).matches("\\d+");
        });
        RecordingSink after = new RecordingSink();
        connector.pull(incremental(first.cursorAfter()), after);
        assertThat(after.record(EntityType.USERS, student("usr-000010")).attributes()).containsEntry("familyName", "Pushed");

        PushResult stale = connector.push(new PushCommand("run-p2", "int-1", sim.connection(SECRET_REF), List.of(
                new OutboxChange("c2", EntityType.USERS, student("usr-000010"), etag, Map.of("givenName", "Late"), Instant.now()))));
        assertThat(stale.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(PushResult.Status.CONFLICT);
            assertThat(o.remote()).containsEntry("familyName", "Pushed");
            assertThat(o.changeId()).isEqualTo("c2");
        });
    }

    @Test
    void aPushWithoutEtagUpsertsAndAnInvalidOneIsRejectedWithTheReason() {
        PushResult result = connector.push(new PushCommand("run-p", "int-1", sim.connection(SECRET_REF), List.of(
                new OutboxChange("c1", EntityType.USERS, student("usr-000011"), null, Map.of("givenName", "Upserted"), Instant.now()),
                new OutboxChange("c2", EntityType.USERS, "usr-000012", null, Map.of("birthDate", "not-a-date"), Instant.now()),
                new OutboxChange("c3", EntityType.USERS, "usr-000013", null, Map.of("email", "x@example.org"), Instant.now()),
                new OutboxChange("c4", EntityType.CLASSES, "cls-00001", null, Map.of("title", "x"), Instant.now()))));

        assertThat(result.outcomes()).extracting(PushResult.ChangeOutcome::status).containsExactly(PushResult.Status.APPLIED,
                PushResult.Status.REJECTED, PushResult.Status.REJECTED, PushResult.Status.REJECTED);
        assertThat(result.outcomes().get(1).reason()).startsWith("Ed-Fi answered 400");
        assertThat(result.outcomes().get(2).reason()).contains("email");
        RecordingSink sink = new RecordingSink();
        connector.pull(full(), sink);
        assertThat(sink.record(EntityType.USERS, student("usr-000011")).attributes()).containsEntry("givenName", "Upserted");
        assertThat(sink.ids(EntityType.USERS)).hasSize(SERVED_USERS);
    }

    @Test
    void theConnectionCheckReportsTheStudentCount() {
        ConnectionCheck check = connector.check(sim.connection(SECRET_REF));
        assertThat(check.authenticated()).isTrue();
        assertThat(check.reachable()).isTrue();
        assertThat(check.declaredCounts()).containsEntry("students", 200L);

        ConnectionCheck wrong = connector.check(new io.rostersync.core.events.ConnectionSettings(sim.baseUrl(), sim.tokenUrl(), "7",
                Simulator.CLIENT_ID, "config:test.sis.wrong", List.of()));
        assertThat(wrong.authenticated()).isFalse();
        assertThat(wrong.message()).startsWith("[auth]");
    }

    @Test
    void capabilitiesDeclarePushAndTheCanonicalTypes() {
        assertThat(connector.capabilities().canPush()).isTrue();
        assertThat(connector.capabilities().entityTypes()).containsExactlyInAnyOrderElementsOf(new EnumMap<EntityType, String>(
                Map.of(EntityType.ORGS, "", EntityType.ACADEMIC_SESSIONS, "", EntityType.COURSES, "", EntityType.CLASSES, "",
                        EntityType.USERS, "", EntityType.ENROLLMENTS, "")).keySet());
    }
}
