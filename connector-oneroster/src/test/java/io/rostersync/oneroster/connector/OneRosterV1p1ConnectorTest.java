package io.rostersync.oneroster.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.core.connector.ConnectionCheck;
import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.PullOutcome;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.testsupport.RecordingSink;
import io.rostersync.oneroster.Simulator;
import io.rostersync.oneroster.TestSettings;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OneRoster 1.1 with OAuth 1.0a HMAC-SHA256 signed requests, against the simulator's 1.1 endpoints over real HTTP. */
class OneRosterV1p1ConnectorTest {

    private static final String SECRET_REF = "config:test.sis.secret";

    private final Simulator sim = Simulator.instance();
    private OneRosterConnector connector;

    @BeforeEach
    void freshDistrict() {
        sim.heal();
        sim.regenerate();
        connector = OneRosterConnectorTest.connector(TestSettings.fast().pageSize(40).build());
    }

    @AfterEach
    void heal() {
        sim.heal();
    }

    private PullCommand command(PullMode mode, List<EntityType> types, Map<EntityType, String> cursors,
                                Map<EntityType, List<String>> targets) {
        return new PullCommand("run-11", "int-11", sim.v1p1Connection(SECRET_REF), mode, types, cursors, targets);
    }

    @Test
    void aFullPullReadsEveryCollectionWithSignedRequests() {
        RecordingSink sink = new RecordingSink();

        PullOutcome outcome = connector.pull(command(PullMode.FULL, List.of(), Map.of(), Map.of()), sink);

        assertThat(sink.countsByCollection()).isEqualTo(sim.counts());
        assertThat(sink.failed()).isZero();
        assertThat(outcome.completeSnapshots()).containsExactly(EntityType.values());
        for (EntityType type : EntityType.values()) {
            Instant newest = sink.records(type).stream().map(RosterRecord::dateLastModified).max(Comparator.naturalOrder()).orElseThrow();
            assertThat(Instant.parse(outcome.cursorAfter().get(type))).as(type.collection()).isEqualTo(newest);
            assertThat(sink.ids(type)).as("each record once").doesNotHaveDuplicates();
        }
        assertThat(connector.tokenRequestsSent()).as("1.1 signs requests, it asks for no token").isZero();
    }

    @Test
    void usersArriveInTheCanonical12ShapeLikeThe12Connector() {
        RecordingSink v1p1 = new RecordingSink();
        connector.pull(command(PullMode.FULL, List.of(EntityType.USERS), Map.of(), Map.of()), v1p1);
        RecordingSink v1p2 = new RecordingSink();
        connector.pull(new PullCommand("run-12", "int-12", sim.connection(SECRET_REF), PullMode.FULL, List.of(EntityType.USERS),
                Map.of(), Map.of()), v1p2);

        RosterRecord teacher11 = v1p1.record(EntityType.USERS, "usr-t00001");
        RosterRecord teacher12 = v1p2.record(EntityType.USERS, "usr-t00001");
        assertThat(teacher11.attributes()).doesNotContainKeys("role", "orgs");
        // Same roles; only the GUIDRefs' hrefs differ, as they point at each version's API.
        assertThat(withoutHrefs(teacher11.attributes().get("roles"))).isEqualTo(withoutHrefs(teacher12.attributes().get("roles")));
        assertThat(teacher11.attributes().get("givenName")).isEqualTo(teacher12.attributes().get("givenName"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> withoutHrefs(Object roles) {
        return ((List<Map<String, Object>>) roles).stream().map(role -> {
            Map<String, Object> copy = new java.util.HashMap<>(role);
            copy.put("org", ((Map<String, Object>) role.get("org")).get("sourcedId"));
            return (Map<String, Object>) copy;
        }).toList();
    }

    @Test
    void incrementalPullsReturnTheChangedRecordsAndSoftDeletesAsTobedeleted() {
        PullOutcome first = connector.pull(command(PullMode.FULL, List.of(EntityType.USERS, EntityType.ENROLLMENTS), Map.of(), Map.of()),
                new RecordingSink());
        List<String> changed = sim.change("users", 4);
        sim.softDelete("enrollments", "enr-0000030");

        RecordingSink sink = new RecordingSink();
        PullOutcome second = connector.pull(command(PullMode.INCREMENTAL, List.of(EntityType.USERS, EntityType.ENROLLMENTS),
                first.cursorAfter(), Map.of()), sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactlyInAnyOrderElementsOf(changed);
        assertThat(sink.records(EntityType.ENROLLMENTS)).singleElement().satisfies(r -> {
            assertThat(r.sourcedId()).isEqualTo("enr-0000030");
            assertThat(r.status()).isEqualTo(RecordStatus.TOBEDELETED);
        });
        assertThat(second.completeSnapshots()).isEmpty();
        assertThat(Instant.parse(second.cursorAfter().get(EntityType.USERS))).isAfter(Instant.parse(first.cursorAfter().get(EntityType.USERS)));
    }

    @Test
    void aTargetedPullFetchesByIdAndReportsUnknownIdsAsDeletes() {
        RecordingSink sink = new RecordingSink();

        connector.pull(command(PullMode.TARGETED, List.of(), Map.of(), Map.of(EntityType.CLASSES, List.of("cls-00003", "cls-gone"),
                EntityType.DEMOGRAPHICS, List.of("usr-000007"))), sink);

        assertThat(sink.ids(EntityType.CLASSES)).containsExactly("cls-00003");
        assertThat(sink.deletes(EntityType.CLASSES)).containsExactly("cls-gone");
        assertThat(sink.ids(EntityType.DEMOGRAPHICS)).containsExactly("usr-000007");
    }

    @Test
    void aWrongSecretIsAnAuthErrorThatPointsAtTheKeySecretAndClock() {
        PullCommand command = new PullCommand("run-11", "int-11", sim.v1p1Connection("config:test.sis.wrong"), PullMode.FULL,
                List.of(EntityType.ORGS), Map.of(), Map.of());

        assertThatThrownBy(() -> connector.pull(command, new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("auth"))
                .hasMessageContaining("answered 401").hasMessageContaining("Invalid oauth_signature")
                .hasMessageContaining("consumer key " + Simulator.CLIENT_ID).hasMessageContaining("clock")
                .hasMessageNotContaining("not-the-secret");
    }

    @Test
    void checkSignsItsRequestsAndReportsTheDeclaredCounts() {
        ConnectionCheck check = connector.check(sim.v1p1Connection(SECRET_REF));

        assertThat(check.authenticated()).isTrue();
        assertThat(check.message()).contains("OneRoster 1.1");
        assertThat(check.declaredCounts()).isEqualTo(sim.counts());
    }

    @Test
    void passingFailuresOfA11ServerAreRetriedWithAFreshSignature() {
        // A repeated signature would be refused as a reused nonce: the retry must sign again.
        sim.faults("""
                {"pathPattern":"/ims/oneroster/v1p1/courses","kind":"status","status":429,"retryAfterSeconds":0,"count":1}""",
                """
                {"pathPattern":"/ims/oneroster/v1p1/orgs","kind":"reset","count":1}""");
        RecordingSink sink = new RecordingSink();

        connector.pull(command(PullMode.FULL, List.of(EntityType.ORGS, EntityType.COURSES), Map.of(), Map.of()), sink);

        assertThat(sink.countsByCollection()).containsEntry("orgs", sim.counts().get("orgs")).containsEntry("courses", sim.counts().get("courses"));
        assertThat(sim.faultRules()).allSatisfy(rule -> assertThat(rule.path("applied").asInt()).isEqualTo(1));
    }
}
