package io.rostersync.oneroster.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.core.connector.ConnectionCheck;
import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.PullOutcome;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.core.testsupport.FreePorts;
import io.rostersync.core.testsupport.RecordingSink;
import io.rostersync.oneroster.OneRosterSettings;
import io.rostersync.oneroster.Simulator;
import io.rostersync.oneroster.TestSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The connector against the SIS simulator over real HTTP (in this JVM, random port); nothing is mocked. */
class OneRosterConnectorTest {

    private static final int PAGE_SIZE = 50;
    private static final String SECRET_REF = "config:test.sis.secret";

    private final Simulator sim = Simulator.instance();
    private OneRosterConnector connector;

    @BeforeEach
    void freshDistrictAndConnector() {
        sim.regenerate();
        connector = connector(Duration.ZERO);
    }

    private static OneRosterConnector connector(Duration overlap) {
        return connector(TestSettings.fast().pageSize(PAGE_SIZE).maxRetries(1).overlap(overlap).build());
    }

    static OneRosterConnector connector(OneRosterSettings settings) {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("test.sis.secret", Simulator.SECRET)
                .withProperty("test.sis.wrong", "not-the-secret");
        return new OneRosterConnector(settings, new SecretResolver(environment), EventCodec.defaultMapper(), Clock.systemUTC());
    }

    private PullCommand command(PullMode mode, List<EntityType> types, Map<EntityType, String> cursors,
                                Map<EntityType, List<String>> targets) {
        return new PullCommand("run-1", "int-1", sim.connection(SECRET_REF), mode, types, cursors, targets);
    }

    @Test
    void fullPullReadsEveryRecordOfEveryCollectionPageByPage() {
        RecordingSink sink = new RecordingSink();

        PullOutcome outcome = connector.pull(command(PullMode.FULL, List.of(), Map.of(), Map.of()), sink);

        assertThat(sink.countsByCollection()).isEqualTo(sim.counts());
        assertThat(outcome.completeSnapshots()).containsExactly(EntityType.values());
        assertThat(sink.batches).allSatisfy(b -> {
            assertThat(b.records()).hasSizeLessThanOrEqualTo(PAGE_SIZE).isNotEmpty();
            assertThat(b.failed()).isZero();
        });
        // Batches arrive in dependency order: no type comes back after a later one started.
        List<EntityType> order = sink.batches.stream().map(RecordingSink.Batch::entityType).distinct().toList();
        assertThat(order).containsExactly(EntityType.values());
        for (EntityType type : EntityType.values()) {
            Instant newest = sink.records(type).stream().map(RosterRecord::dateLastModified).max(Comparator.naturalOrder()).orElseThrow();
            assertThat(Instant.parse(outcome.cursorAfter().get(type))).as(type.collection()).isEqualTo(newest);
            assertThat(sink.ids(type)).as("each record once").doesNotHaveDuplicates();
        }
    }

    @Test
    void recordsAreNormalizedWithTheirOtherFieldsAsAttributes() {
        RecordingSink sink = new RecordingSink();

        connector.pull(command(PullMode.FULL, List.of(EntityType.USERS, EntityType.ENROLLMENTS), Map.of(), Map.of()), sink);

        RosterRecord user = sink.records(EntityType.USERS).get(0);
        assertThat(user.status()).isEqualTo(RecordStatus.ACTIVE);
        assertThat(user.dateLastModified()).isNotNull();
        assertThat(user.attributes()).containsKeys("givenName", "familyName", "roles", "enabledUser")
                .doesNotContainKeys("sourcedId", "status", "dateLastModified");
        assertThat(user.attributes().get("roles")).isInstanceOf(List.class);
        RosterRecord enrollment = sink.records(EntityType.ENROLLMENTS).get(0);
        assertThat(enrollment.attributes().get("user")).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) enrollment.attributes().get("user")).get("sourcedId")).isNotNull();
    }

    @Test
    void incrementalPullReturnsExactlyTheChangedRecords() {
        RecordingSink full = new RecordingSink();
        PullOutcome first = connector.pull(command(PullMode.FULL, List.of(EntityType.USERS, EntityType.CLASSES), Map.of(), Map.of()), full);
        List<String> changedUsers = sim.change("users", 3);
        List<String> changedClasses = sim.change("classes", 2);

        RecordingSink sink = new RecordingSink();
        PullOutcome second = connector.pull(command(PullMode.INCREMENTAL, List.of(EntityType.USERS, EntityType.CLASSES),
                first.cursorAfter(), Map.of()), sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactlyInAnyOrderElementsOf(changedUsers);
        assertThat(sink.ids(EntityType.CLASSES)).containsExactlyInAnyOrderElementsOf(changedClasses);
        assertThat(second.completeSnapshots()).isEmpty();
        assertThat(Instant.parse(second.cursorAfter().get(EntityType.USERS)))
                .isAfter(Instant.parse(first.cursorAfter().get(EntityType.USERS)));

        RecordingSink nothingNew = new RecordingSink();
        PullOutcome third = connector.pull(command(PullMode.INCREMENTAL, List.of(EntityType.USERS), second.cursorAfter(), Map.of()),
                nothingNew);
        assertThat(nothingNew.batches).isEmpty();
        assertThat(third.cursorAfter().get(EntityType.USERS)).as("cursor never moves backwards")
                .isEqualTo(second.cursorAfter().get(EntityType.USERS));
    }

    @Test
    void anOverlapReDeliversOnlyBoundaryRecords() {
        OneRosterConnector overlapping = connector(Duration.ofSeconds(1));
        PullOutcome first = overlapping.pull(command(PullMode.FULL, List.of(EntityType.USERS), Map.of(), Map.of()), new RecordingSink());
        Instant cursor = Instant.parse(first.cursorAfter().get(EntityType.USERS));
        List<String> changed = sim.change("users", 2);

        RecordingSink sink = new RecordingSink();
        overlapping.pull(command(PullMode.INCREMENTAL, List.of(EntityType.USERS), first.cursorAfter(), Map.of()), sink);

        assertThat(sink.ids(EntityType.USERS)).containsAll(changed);
        assertThat(sink.records(EntityType.USERS)).filteredOn(r -> !changed.contains(r.sourcedId()))
                .allSatisfy(r -> assertThat(r.dateLastModified()).isBetween(cursor.minusSeconds(1), cursor));
    }

    @Test
    void incrementalWithoutCursorIsAFullSnapshot() {
        RecordingSink sink = new RecordingSink();

        PullOutcome outcome = connector.pull(command(PullMode.INCREMENTAL, List.of(EntityType.COURSES), Map.of(), Map.of()), sink);

        assertThat((long) sink.records(EntityType.COURSES).size()).isEqualTo(sim.counts().get("courses"));
        assertThat(outcome.completeSnapshots()).containsExactly(EntityType.COURSES);
        assertThat(outcome.cursorAfter()).containsKey(EntityType.COURSES);
    }

    @Test
    void aSoftDeleteArrivesAsATobedeletedRecord() {
        RecordingSink all = new RecordingSink();
        PullOutcome first = connector.pull(command(PullMode.FULL, List.of(EntityType.USERS), Map.of(), Map.of()), all);
        String victim = all.ids(EntityType.USERS).get(7);
        sim.softDelete("users", victim);

        RecordingSink sink = new RecordingSink();
        connector.pull(command(PullMode.INCREMENTAL, List.of(EntityType.USERS), first.cursorAfter(), Map.of()), sink);

        assertThat(sink.records(EntityType.USERS)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RecordStatus.TOBEDELETED);
            assertThat(r.deleted()).isTrue();
        });
        assertThat(sink.ids(EntityType.USERS)).containsExactly(victim);
    }

    @Test
    void targetedPullFetchesTheNamedIdsAndReportsUnknownOnesAsDeletes() {
        RecordingSink all = new RecordingSink();
        connector.pull(command(PullMode.FULL, List.of(EntityType.USERS, EntityType.CLASSES), Map.of(), Map.of()), all);
        List<String> users = all.ids(EntityType.USERS).subList(3, 6);
        String clazz = all.ids(EntityType.CLASSES).get(0);
        Map<EntityType, String> cursors = Map.of(EntityType.USERS, "2020-01-01T00:00:00.000Z");

        RecordingSink sink = new RecordingSink();
        PullOutcome outcome = connector.pull(command(PullMode.TARGETED, List.of(), cursors,
                Map.of(EntityType.USERS, List.of(users.get(0), users.get(1), "usr-does-not-exist", users.get(2)),
                        EntityType.CLASSES, List.of(clazz))), sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactlyElementsOf(users);
        assertThat(sink.ids(EntityType.CLASSES)).containsExactly(clazz);
        assertThat(sink.batches).flatMap(RecordingSink.Batch::deletes).containsExactly("usr-does-not-exist");
        assertThat(outcome.completeSnapshots()).isEmpty();
        assertThat(outcome.cursorAfter()).as("a targeted pull leaves cursors where they were")
                .isEqualTo(cursors);
    }

    @Test
    void theTokenIsReusedForEveryPageAndEveryPull() {
        connector.pull(command(PullMode.FULL, List.of(EntityType.USERS, EntityType.ENROLLMENTS), Map.of(), Map.of()), new RecordingSink());
        connector.pull(command(PullMode.FULL, List.of(EntityType.ORGS), Map.of(), Map.of()), new RecordingSink());

        assertThat(connector.tokenRequestsSent()).isEqualTo(1);
    }

    @Test
    void aWrongSecretFailsAsAuthWithAClearReason() {
        PullCommand command = new PullCommand("run-1", "int-1", sim.connection("config:test.sis.wrong"), PullMode.FULL,
                List.of(EntityType.USERS), Map.of(), Map.of());

        assertThatThrownBy(() -> connector.pull(command, new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("auth"))
                .hasMessageContaining(sim.tokenUrl()).hasMessageContaining("401 invalid_client")
                .hasMessageContaining(Simulator.CLIENT_ID).hasMessageNotContaining("not-the-secret");
    }

    @Test
    void anUnreachableServerFailsAsUnreachable() {
        String dead = "http://127.0.0.1:" + FreePorts.find();
        ConnectionSettings connection = new ConnectionSettings(dead + "/ims/oneroster/rostering/v1p2", dead + "/oauth2/token", "1.2",
                Simulator.CLIENT_ID, SECRET_REF, Simulator.SCOPES);

        assertThatThrownBy(() -> connector.pull(new PullCommand("run-1", "int-1", connection, PullMode.FULL, List.of(), Map.of(), Map.of()),
                new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining(dead + "/oauth2/token");
    }

    @Test
    void anUnresolvableCredentialReferenceIsAConfigError() {
        PullCommand command = new PullCommand("run-1", "int-1", sim.connection("config:no.such.property"), PullMode.FULL,
                List.of(), Map.of(), Map.of());

        assertThatThrownBy(() -> connector.pull(command, new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("config"))
                .hasMessageContaining("config:no.such.property");
    }

    @Test
    void aVersionOtherThan11And12IsRefusedAsUnsupported() {
        ConnectionSettings v10 = new ConnectionSettings(sim.baseUrl(), sim.tokenUrl(), "1.0", Simulator.CLIENT_ID, SECRET_REF, List.of());

        assertThatThrownBy(() -> connector.pull(new PullCommand("run-1", "int-1", v10, PullMode.FULL, List.of(), Map.of(), Map.of()),
                new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unsupported"))
                .hasMessageContaining("OneRoster 1.0 is not supported");
    }

    @Test
    void pushIsRefusedBecauseRosteringIsReadOnly() {
        assertThat(connector.capabilities().canPush()).isFalse();
        assertThat(connector.capabilities().pullModes()).containsExactlyInAnyOrder(PullMode.values());

        assertThatThrownBy(() -> connector.push(new PushCommand("run-1", "int-1", sim.connection(SECRET_REF), List.of())))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unsupported"))
                .hasMessage("OneRoster rostering is read-only; this integration cannot push");
    }

    @Test
    void checkReportsTheDeclaredCounts() {
        ConnectionCheck check = connector.check(sim.connection(SECRET_REF));

        assertThat(check.authenticated()).isTrue();
        assertThat(check.reachable()).isTrue();
        assertThat(check.declaredCounts()).isEqualTo(sim.counts());
    }

    @Test
    void checkWithAWrongSecretIsReachableButNotAuthenticated() {
        ConnectionCheck check = connector.check(sim.connection("config:test.sis.wrong"));

        assertThat(check.reachable()).isTrue();
        assertThat(check.authenticated()).isFalse();
        assertThat(check.message()).contains("invalid_client");
        assertThat(Arrays.asList(check.message().split(" "))).doesNotContain("not-the-secret");
    }
}
