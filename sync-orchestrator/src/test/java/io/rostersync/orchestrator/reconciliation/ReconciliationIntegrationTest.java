package io.rostersync.orchestrator.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.orchestrator.OrchestratorApplication;
import io.rostersync.orchestrator.testsupport.ConnectorDoubleIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Drift is injected on both sides after a sync — records edited directly in Firestore, and records the SIS changed,
 * added and dropped — and the reconciliation names exactly those records, without applying anything.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-orchestrator", "rostersync.orchestrator.watchdog-interval=1h",
        "rostersync.orchestrator.schedule-check-interval=200ms",
        "rostersync.security.tokens[0].name=ops", "rostersync.security.tokens[0].value=operator-token-0123456789",
        "rostersync.security.tokens[0].role=OPERATOR",
        "rostersync.security.tokens[1].name=viewer", "rostersync.security.tokens[1].value=viewer-token-0123456789",
        "rostersync.security.tokens[1].role=VIEWER"})
@AutoConfigureWebTestClient
class ReconciliationIntegrationTest extends ConnectorDoubleIntegrationTest {

    private static final String INTEGRATION = "district-c";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final String VIEWER = "viewer-token-0123456789";
    private static final Instant T1 = Instant.parse("2026-10-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-10-02T10:00:00Z");

    @BeforeEach
    void setUp() {
        integrations.save(oneRosterIntegration(INTEGRATION, "District C"));
    }

    @Test
    void aReconciliationNamesExactlyTheDriftedRecordsAndAppliesNothing() throws Exception {
        List<RosterRecord> synced = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            synced.add(user("u" + i, "Name" + i, T1));
        }
        sync(synced);
        // Drift in Firestore: u2 edited behind the engine's back, u7 deleted there.
        users().document("u2").update("givenName", "Edited").get();
        users().document("u7").delete().get();
        // Drift in the SIS: u3 changed, u8 gone, u9 new; the rest as synced.
        List<RosterRecord> sis = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            sis.add(i == 3 ? user("u3", "Changed", T2) : synced.get(i - 1));
        }
        sis.add(user("u9", "New", T2));

        JsonNode started = api.call(HttpMethod.POST, "/api/integrations/" + INTEGRATION + "/reconciliations", OPERATOR, null, 202);

        String id = started.get("reconciliationId").asString();
        assertThat(started.get("status").asString()).isEqualTo("running");
        PullCommand read = connector.awaitCommand();
        assertThat(read.runId()).isEqualTo(id);
        assertThat(read.mode()).isEqualTo(PullMode.FULL);
        assertThat(read.cursors()).isEmpty();
        connector.send(new RecordBatch(id, INTEGRATION, 1, EntityType.USERS, sis.subList(0, 4), List.of(), 0));
        connector.send(new RecordBatch(id, INTEGRATION, 2, EntityType.USERS, sis.subList(4, sis.size()), List.of(), 0));
        connector.send(new PullCompleted(id, INTEGRATION, 2, Map.of(EntityType.USERS, T2.toString()), List.of(EntityType.USERS)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/reconciliations/" + id, VIEWER, 200).get("status").asString()).isEqualTo("completed"));
        JsonNode report = api.get("/api/reconciliations/" + id, VIEWER, 200);
        JsonNode users = report.at("/entities/users");
        assertThat(ids(users.get("different"))).containsExactly("u2", "u3");
        assertThat(ids(users.get("missing"))).containsExactly("u7", "u9");
        assertThat(ids(users.get("extra"))).containsExactly("u8");
        assertThat(users.get("sisRecords").asLong()).isEqualTo(8);
        assertThat(users.get("firestoreRecords").asLong()).isEqualTo(7);
        assertThat(report.get("drift").asLong()).isEqualTo(5);
        assertThat(report.get("entities").has("enrollments")).isFalse();

        assertThat(users().document("u3").get().get().getString("givenName")).isEqualTo("Name3");
        assertThat(users().document("u9").get().get().exists()).isFalse();
        assertThat(cursors.forIntegration(INTEGRATION).get(EntityType.USERS).cursor()).isEqualTo(T1.toString());
        assertThat(runs.page(INTEGRATION, 10, null, null, null)).hasSize(1);
        assertThat(api.get("/api/integrations/" + INTEGRATION + "/reconciliations", VIEWER, 200).get("items")).hasSize(1);
    }

    @Test
    void aReconciliationWithoutDriftReportsNone() {
        sync(List.of(user("u1", "Ana", T1)));
        String id = api.call(HttpMethod.POST, "/api/integrations/" + INTEGRATION + "/reconciliations", OPERATOR, null, 202)
                .get("reconciliationId").asString();
        connector.awaitCommand();
        connector.send(new RecordBatch(id, INTEGRATION, 1, EntityType.USERS, List.of(user("u1", "Ana", T1)), List.of(), 0));
        connector.send(new PullCompleted(id, INTEGRATION, 1, Map.of(), List.of(EntityType.USERS)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/reconciliations/" + id, VIEWER, 200).get("drift").asLong()).isZero());
        api.call(HttpMethod.POST, "/api/integrations/nope/reconciliations", OPERATOR, null, 404);
        api.get("/api/reconciliations/recon-nope", VIEWER, 404);
    }

    @Test
    void aReconciliationScheduleStartsReconciliationsOnItsTicks() {
        integrations.save(new Integration(INTEGRATION, "District C", ConnectorType.ONEROSTER,
                new ConnectionSettings("http://127.0.0.1:1/ims/oneroster/rostering/v1p2", "http://127.0.0.1:1/oauth2/token",
                        "1.2", "client", "config:unused", List.of()),
                null, true, "manual", List.of(), Instant.now(), Instant.now(), Map.of(), null, false, null, List.of(), "*/2 * * * * *"));

        List<PullCommand> commands = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            commands.addAll(connector.drain());
            assertThat(commands).isNotEmpty();
        });

        PullCommand read = commands.get(0);
        assertThat(read.runId()).startsWith(Reconciliations.PREFIX);
        assertThat(read.mode()).isEqualTo(PullMode.FULL);
        JsonNode started = api.get("/api/reconciliations/" + read.runId(), VIEWER, 200);
        assertThat(started.get("requestedBy").asString()).isEqualTo("scheduler");
        assertThat(runs.page(INTEGRATION, 10, null, null, null)).isEmpty();
        integrations.save(integrations.find(INTEGRATION).orElseThrow().withEnabled(false, Instant.now()));
    }

    private void sync(List<RosterRecord> records) {
        publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(EntityType.USERS), "tester", Instant.now()));
        PullCommand first = connector.awaitCommand();
        connector.send(new RecordBatch(first.runId(), INTEGRATION, 1, EntityType.USERS, records, List.of(), 0));
        connector.send(new PullCompleted(first.runId(), INTEGRATION, 1, Map.of(EntityType.USERS, T1.toString()), List.of(EntityType.USERS)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(runs.find(first.runId()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED));
    }

    private com.google.cloud.firestore.CollectionReference users() {
        return firestore.collection("integrations").document(INTEGRATION).collection("users");
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asString()));
        return ids;
    }

    private static RosterRecord user(String id, String givenName, Instant modified) {
        return new RosterRecord(EntityType.USERS, id, RecordStatus.ACTIVE, modified, null,
                Map.of("givenName", givenName, "familyName", "Doe", "roles", List.of(Map.of("role", "student", "org", Map.of("sourcedId", "s1")))));
    }
}
