package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.EventCodec;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated year-end rollover through the whole stack: the SIS deletes 30 % of the enrollments, the next sync stops
 * before apply and waits on hold with a summary of exactly those deletes; rejecting it changes nothing, and
 * approving the next one applies exactly those deletes and moves the cursor.
 */
class YearEndRolloverEndToEndTest {

    /** This test changes the shared simulator's district: give the tests after it the generated district back. */
    @AfterAll
    static void restoreDistrict() throws Exception {
        new StackHttp(StackFixture.stack()).send(Service.SIMULATOR, "POST", "/admin/district/regenerate", "{}", null);
    }

    private static final String INTEGRATION = "rollover-district";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private final LocalStack stack = StackFixture.stack();
    private final StackHttp api = new StackHttp(stack);
    private final JsonMapper json = EventCodec.defaultMapper();

    @Test
    void aRolloverIsHeldRejectingChangesNothingAndApprovingAppliesExactlyTheDeletes() throws Exception {
        String body = """
                {"integrationId":"%s","name":"Rollover district","connector":"oneroster",
                 "connection":{"baseUrl":"%s","tokenUrl":"%s","clientId":"rostersync-demo","credentialRef":"config:rostersync.local.sis-client-secret"}}
                """.formatted(INTEGRATION, stack.oneRosterBaseUrl(), stack.url(Service.SIMULATOR) + "/oauth2/token");
        HttpResponse<String> created = api.send(Service.ORCHESTRATOR, "POST", "/api/integrations", body, StackFixture.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(sync().get("status").asString()).isEqualTo("succeeded");

        // The rollover: 30 % of the active enrollments are deleted in the SIS.
        List<String> active = new ArrayList<>();
        for (JsonNode enrollment : json.readTree(api.send(Service.SIMULATOR, "GET",
                "/ims/oneroster/rostering/v1p2/enrollments?limit=10000&filter=" + java.net.URLEncoder.encode("status='active'",
                        java.nio.charset.StandardCharsets.UTF_8), null, api.simulatorToken()).body()).get("enrollments")) {
            active.add(enrollment.get("sourcedId").asString());
        }
        Set<String> deleted = new TreeSet<>(active.subList(0, (int) Math.ceil(active.size() * 0.3)));
        for (String id : deleted) {
            HttpResponse<String> gone = api.send(Service.SIMULATOR, "DELETE", "/admin/oneroster/enrollments/" + id, null, null);
            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);
        }
        String cursorBefore = cursor();

        JsonNode held = sync();
        assertThat(held.get("status").asString()).isEqualTo("on_hold");
        JsonNode hold = json.readTree(api.send(Service.ORCHESTRATOR, "GET", "/api/runs/" + held.get("runId").asString() + "/hold", null,
                StackFixture.VIEWER).body());
        assertThat(hold.at("/entities/enrollments/deleted").asLong()).isEqualTo(deleted.size());
        assertThat(hold.at("/entities/enrollments/baseline").asLong()).isEqualTo(active.size());
        assertThat(hold.get("reasons").get(0).asString()).contains("enrollments");
        hold.at("/entities/enrollments/sample/deleted").forEach(id -> assertThat(deleted).contains(id.asString()));
        assertThat(liveEnrollments()).as("nothing applied while held").isEqualTo(active.size());

        // Rejected: nothing changes, the cursor stays.
        decide(held, "reject", StackFixture.VIEWER, 403);
        decide(held, "reject", StackFixture.OPERATOR, 200);
        assertThat(liveEnrollments()).isEqualTo(active.size());
        assertThat(cursor()).isEqualTo(cursorBefore);

        // The next sync sees the same rollover, is held again, and an operator approves it.
        JsonNode again = sync();
        assertThat(again.get("status").asString()).isEqualTo("on_hold");
        decide(again, "approve", StackFixture.OPERATOR, 200);
        JsonNode applied = api.awaitRun(again.get("runId").asString(), "succeeded");
        assertThat(applied.at("/entityCounts/enrollments/deleted").asLong()).isEqualTo(deleted.size());
        assertThat(applied.at("/counts/created").asLong()).isZero();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(liveEnrollments()).isEqualTo(active.size() - deleted.size()));
        for (String id : deleted) {
            DocumentSnapshot doc = firestore().collection("integrations").document(INTEGRATION).collection("enrollments").document(id).get().get();
            assertThat(doc.getBoolean("_sync.tombstone")).as(id).isTrue();
        }
        assertThat(cursor()).isNotEqualTo(cursorBefore);
    }

    private void decide(JsonNode run, String decision, String token, int expected) throws Exception {
        HttpResponse<String> response = api.send(Service.ORCHESTRATOR, "POST", "/api/runs/" + run.get("runId").asString() + "/" + decision,
                null, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    }

    private JsonNode sync() throws Exception {
        HttpResponse<String> accepted = api.send(Service.HEALTH, "POST", "/api/integrations/" + INTEGRATION + "/sync",
                "{\"entityTypes\":[\"enrollments\"]}", StackFixture.OPERATOR);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = RunDispatcher.runIdFor(json.readTree(accepted.body()).get("eventId").asString());
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> api.run(runId),
                r -> r != null && List.of("succeeded", "partial", "failed", "on_hold").contains(r.get("status").asString()));
    }

    private long liveEnrollments() throws Exception {
        return firestore().collection("integrations").document(INTEGRATION).collection("enrollments")
                .whereEqualTo("_sync.tombstone", false).count().get().get().getCount();
    }

    private String cursor() throws Exception {
        DocumentSnapshot doc = firestore().collection("syncCursors").document(io.rostersync.core.cursors.SyncCursor.documentId(INTEGRATION,
                io.rostersync.core.roster.EntityType.ENROLLMENTS)).get().get();
        return String.valueOf(doc.getData());
    }

    private Firestore firestore() {
        return stack.context(Service.ORCHESTRATOR).getBean(Firestore.class);
    }
}
