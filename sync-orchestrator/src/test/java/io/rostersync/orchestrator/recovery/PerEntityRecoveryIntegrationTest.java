package io.rostersync.orchestrator.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.orchestrator.OrchestratorApplication;
import io.rostersync.orchestrator.testsupport.ConnectorDoubleIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** A pull that fails for enrollments only keeps the users it applied, and its retry reads enrollments alone. */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-orchestrator", "rostersync.orchestrator.watchdog-interval=1h",
        "rostersync.security.tokens[0].name=ops", "rostersync.security.tokens[0].value=operator-token-0123456789",
        "rostersync.security.tokens[0].role=OPERATOR",
        "rostersync.security.tokens[1].name=viewer", "rostersync.security.tokens[1].value=viewer-token-0123456789",
        "rostersync.security.tokens[1].role=VIEWER"})
@AutoConfigureWebTestClient
class PerEntityRecoveryIntegrationTest extends ConnectorDoubleIntegrationTest {

    private static final String INTEGRATION = "district-r";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final String VIEWER = "viewer-token-0123456789";
    private static final Instant T1 = Instant.parse("2026-09-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-09-02T10:00:00Z");
    private static final Instant T3 = Instant.parse("2026-09-03T10:00:00Z");

    @BeforeEach
    void setUp() {
        integrations.save(oneRosterIntegration(INTEGRATION, "District R"));
    }

    @Test
    void anEnrollmentsOnlyFailureKeepsTheUsersAndItsRetryReadsEnrollmentsAloneFromTheirCursor() throws Exception {
        PullCommand seed = request();
        connector.send(new RecordBatch(seed.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        connector.send(new RecordBatch(seed.runId(), INTEGRATION, 2, EntityType.ENROLLMENTS, List.of(enrollment("e1", T1)), List.of(), 0));
        connector.send(new PullCompleted(seed.runId(), INTEGRATION, 2,
                Map.of(EntityType.USERS, T1.toString(), EntityType.ENROLLMENTS, T1.toString()), List.of()));
        awaitStatus(seed.runId(), RunStatus.SUCCEEDED);

        PullCommand second = request();
        assertThat(second.mode()).isEqualTo(PullMode.INCREMENTAL);
        connector.send(new RecordBatch(second.runId(), INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ann", T2)), List.of(), 0));
        connector.send(new PullCompleted(second.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T2.toString()), List.of(), 0,
                Map.of(EntityType.ENROLLMENTS, "OneRoster GET /enrollments answered 500 three times")));

        SyncRun partial = awaitStatus(second.runId(), RunStatus.PARTIAL);
        assertThat(partial.error()).contains("enrollments could not be read (enrollments: OneRoster GET /enrollments answered 500 three times)");
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.USERS).cursor()).isEqualTo(T2.toString());
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.ENROLLMENTS).cursor()).isEqualTo(T1.toString());
        assertThat(firestore.collection("integrations").document(INTEGRATION).collection("users").document("u1").get().get()
                .getString("givenName")).isEqualTo("Ann");
        JsonNode outcome = api.get("/api/runs/" + second.runId() + "/entities", VIEWER, 200);
        assertThat(outcome.at("/entities/users/status").asString()).isEqualTo("succeeded");
        assertThat(outcome.at("/entities/enrollments/status").asString()).isEqualTo("failed");
        assertThat(outcome.at("/entities/enrollments/error").asString()).contains("answered 500");

        JsonNode retry = api.call(HttpMethod.POST, "/api/runs/" + second.runId() + "/retry", OPERATOR, null, 202);

        String retryId = retry.get("runId").asString();
        assertThat(retry.get("retryOf").asString()).isEqualTo(second.runId());
        PullCommand retryCommand = connector.awaitCommand();
        assertThat(retryCommand.runId()).isEqualTo(retryId);
        assertThat(retryCommand.entityTypes()).containsExactly(EntityType.ENROLLMENTS);
        assertThat(retryCommand.mode()).isEqualTo(PullMode.INCREMENTAL);
        assertThat(retryCommand.cursors()).containsEntry(EntityType.ENROLLMENTS, T1.toString());
        connector.send(new RecordBatch(retryId, INTEGRATION, 1, EntityType.ENROLLMENTS, List.of(enrollment("e2", T3)), List.of(), 0));
        connector.send(new PullCompleted(retryId, INTEGRATION, 1, Map.of(EntityType.ENROLLMENTS, T3.toString()), List.of()));

        SyncRun retried = awaitStatus(retryId, RunStatus.SUCCEEDED);
        assertThat(retried.entityCounts()).containsOnlyKeys("enrollments");
        assertThat(retried.counts().created()).isEqualTo(1);
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.ENROLLMENTS).cursor()).isEqualTo(T3.toString());
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.USERS).cursor()).isEqualTo(T2.toString());
        JsonNode history = api.get("/api/runs/" + second.runId() + "/entities", VIEWER, 200);
        assertThat(history.get("retriedBy").get(0).asString()).isEqualTo(retryId);
        JsonNode retryOutcome = api.get("/api/runs/" + retryId + "/entities", VIEWER, 200);
        assertThat(retryOutcome.get("retryOf").asString()).isEqualTo(second.runId());
        assertThat(retryOutcome.at("/entities/enrollments/status").asString()).isEqualTo("succeeded");
        assertThat(retryOutcome.get("entities").has("users")).isFalse();
    }

    @Test
    void succeededOrUnknownRunsHaveNothingToRetry() {
        PullCommand seed = request();
        connector.send(new PullCompleted(seed.runId(), INTEGRATION, 0, Map.of(), List.of()));
        awaitStatus(seed.runId(), RunStatus.SUCCEEDED);

        assertThat(api.call(HttpMethod.POST, "/api/runs/" + seed.runId() + "/retry", OPERATOR, null, 409).get("detail").asString())
                .contains("only failed runs");
        api.call(HttpMethod.POST, "/api/runs/run-nope/retry", OPERATOR, null, 404);
        api.call(HttpMethod.POST, "/api/runs/" + seed.runId() + "/retry", VIEWER, null, 403);
        api.get("/api/runs/run-nope/entities", VIEWER, 404);
    }

    private PullCommand request() {
        publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(EntityType.USERS, EntityType.ENROLLMENTS),
                        "tester", Instant.now()));
        return connector.awaitCommand();
    }

    private static RosterRecord user(String id, String givenName, Instant modified) {
        return new RosterRecord(EntityType.USERS, id, RecordStatus.ACTIVE, modified, null,
                Map.of("givenName", givenName, "familyName", "Doe"));
    }

    private static RosterRecord enrollment(String id, Instant modified) {
        return new RosterRecord(EntityType.ENROLLMENTS, id, RecordStatus.ACTIVE, modified, null,
                Map.of("role", "student", "classSourcedId", "c1", "userSourcedId", "u1"));
    }
}
