package io.rostersync.orchestrator.trail;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
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
import tools.jackson.databind.JsonNode;

/** A record changed by a webhook-triggered run: its trail names the webhook, the run and the field changes. */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-orchestrator", "rostersync.orchestrator.watchdog-interval=1h",
        "rostersync.security.tokens[0].name=viewer", "rostersync.security.tokens[0].value=viewer-token-0123456789",
        "rostersync.security.tokens[0].role=VIEWER"})
@AutoConfigureWebTestClient
class RecordTrailIntegrationTest extends ConnectorDoubleIntegrationTest {

    private static final String INTEGRATION = "district-t";
    private static final String VIEWER = "viewer-token-0123456789";
    private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-02T10:00:00Z");

    @BeforeEach
    void setUp() {
        integrations.save(oneRosterIntegration(INTEGRATION, "District T"));
    }

    @Test
    void theTrailOfARecordChangedByAWebhookRunNamesTheWebhookTheRunAndTheFieldChanges() throws Exception {
        publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(EntityType.USERS), "tester", Instant.now()));
        PullCommand seed = connector.awaitCommand();
        connector.send(new RecordBatch(seed.runId(), INTEGRATION, 1, EntityType.USERS,
                List.of(user("u1", "Ana", "ana@example.org", T1), user("u2", "Ben", "ben@example.org", T1)), List.of(), 0));
        connector.send(new PullCompleted(seed.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        awaitStatus(seed.runId(), RunStatus.SUCCEEDED);

        publisher.publishAndWait(Topics.SIS_CHANGES, INTEGRATION, UUID.randomUUID().toString(), null, new SisChangeEvent("msg_2Kx9",
                ConnectorType.ONEROSTER, INTEGRATION, EntityType.USERS, List.of("u1"), "updated", Instant.now()));
        PullCommand webhookRun = connector.awaitCommand();
        assertThat(webhookRun.mode()).isEqualTo(PullMode.TARGETED);
        connector.send(new RecordBatch(webhookRun.runId(), INTEGRATION, 1, EntityType.USERS,
                List.of(user("u1", "Ann", "ana@example.org", T2)), List.of(), 0));
        connector.send(new PullCompleted(webhookRun.runId(), INTEGRATION, 1, Map.of(), List.of()));
        awaitStatus(webhookRun.runId(), RunStatus.SUCCEEDED);
        firestore.collection("syncDeadLetters").document("dl-1").set(Map.of("key", webhookRun.runId(), "integrationId", INTEGRATION,
                "originalTopic", Topics.SYNC_RECORDS, "status", "pending", "error", "a later batch could not be applied")).get();
        firestore.collection("syncConflicts").document("cf-1").set(Map.of("integrationId", INTEGRATION, "entityType", "users",
                "recordId", "u1", "status", "open", "runId", webhookRun.runId(), "fields", List.of("email"))).get();

        JsonNode trail = api.get("/api/integrations/" + INTEGRATION + "/records/users/u1/trail", VIEWER, 200);

        assertThat(trail.at("/created/runId").asString()).isEqualTo(seed.runId());
        assertThat(trail.get("changes")).hasSize(1);
        JsonNode change = trail.get("changes").get(0);
        assertThat(change.get("runId").asString()).isEqualTo(webhookRun.runId());
        assertThat(change.get("change").asString()).isEqualTo("updated");
        assertThat(change.at("/run/webhookIds/0").asString()).isEqualTo("msg_2Kx9");
        assertThat(change.at("/run/runType").asString()).isEqualTo("webhook");
        assertThat(change.at("/fields/givenName/before").asString()).isEqualTo("Ana");
        assertThat(change.at("/fields/givenName/after").asString()).isEqualTo("Ann");
        assertThat(change.get("fields").has("email")).isFalse();
        assertThat(trail.at("/deadLetters/0/id").asString()).isEqualTo("dl-1");
        assertThat(trail.at("/conflicts/0/conflictId").asString()).isEqualTo("cf-1");
        JsonNode untouched = api.get("/api/integrations/" + INTEGRATION + "/records/users/u2/trail", VIEWER, 200);
        assertThat(untouched.get("changes")).isEmpty();
        assertThat(untouched.get("deadLetters")).isEmpty();
        api.get("/api/integrations/" + INTEGRATION + "/records/users/nope/trail", VIEWER, 404);
        api.get("/api/integrations/" + INTEGRATION + "/records/pets/u1/trail", VIEWER, 400);
    }

    private static RosterRecord user(String id, String givenName, String email, Instant modified) {
        return new RosterRecord(EntityType.USERS, id, RecordStatus.ACTIVE, modified, null,
                Map.of("givenName", givenName, "email", email, "familyName", "Doe"));
    }
}
