package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.EventCodec;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user changed both locally and in the SIS becomes one open conflict in the conflict service; resolving it with
 * keep-local, keep-remote or a merge with an edited value leaves exactly the chosen value in Firestore, and the
 * conflict shows as resolved with its audit entry.
 */
class ConflictResolutionEndToEndTest {

    private static final String INTEGRATION = "conflict-district";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();

    private final StackHttp api = new StackHttp(StackFixture.stack());

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.stack();
    }

    @Test
    void divergentEditsBecomeOneOpenConflictEachAndEveryStrategyLeavesTheChosenValues() throws Exception {
        String body = """
                {"integrationId":"%s","name":"Conflict district","connector":"oneroster",
                 "connection":{"baseUrl":"%s","tokenUrl":"%s","clientId":"rostersync-demo","credentialRef":"config:rostersync.local.sis-client-secret"}}
                """.formatted(INTEGRATION, stack.oneRosterBaseUrl(), stack.url(Service.SIMULATOR) + "/oauth2/token");
        HttpResponse<String> created = api.send(Service.ORCHESTRATOR, "POST", "/api/integrations", body, StackFixture.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        sync();

        Map<String, String> strategies = new LinkedHashMap<>();
        strategies.put("usr-000011", "keep-local");
        strategies.put("usr-000012", "keep-remote");
        strategies.put("usr-000013", "merge");
        for (String recordId : strategies.keySet()) {
            HttpResponse<String> local = api.send(Service.ORCHESTRATOR, "PATCH", "/api/integrations/" + INTEGRATION + "/records/users/" + recordId,
                    "{\"givenName\":\"Local-" + recordId + "\"}", StackFixture.OPERATOR);
            assertThat(local.statusCode()).as(local.body()).isEqualTo(200);
            HttpResponse<String> remote = api.send(Service.SIMULATOR, "PATCH", "/admin/oneroster/users/" + recordId,
                    "{\"givenName\":\"Remote-" + recordId + "\",\"dateLastModified\":\"" + Instant.now() + "\"}", null);
            assertThat(remote.statusCode()).as(remote.body()).isEqualTo(200);
        }
        sync();

        Map<String, JsonNode> open = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<String, JsonNode> byRecord = new LinkedHashMap<>();
            JsonNode items = json.readTree(api.send(Service.CONFLICTS, "GET", "/api/conflicts?status=open&integrationId=" + INTEGRATION,
                    null, StackFixture.VIEWER).body()).get("items");
            for (JsonNode item : items) {
                assertThat(byRecord.put(item.get("recordId").asString(), item)).as("one open conflict per record").isNull();
            }
            return byRecord;
        }, m -> m.keySet().containsAll(strategies.keySet()));
        assertThat(open).hasSize(3);

        Map<String, String> expected = new LinkedHashMap<>();
        for (var entry : strategies.entrySet()) {
            String recordId = entry.getKey();
            JsonNode conflict = json.readTree(api.send(Service.CONFLICTS, "GET", "/api/conflicts/" + open.get(recordId).get("conflictId").asString(),
                    null, StackFixture.VIEWER).body());
            assertThat(conflict.get("fields")).extracting(JsonNode::asString).containsExactly("givenName");
            JsonNode givenName = diff(conflict, "givenName");
            assertThat(givenName.get("local").asString()).isEqualTo("Local-" + recordId);
            assertThat(givenName.get("remote").asString()).isEqualTo("Remote-" + recordId);
            assertThat(givenName.get("conflicting").asBoolean()).isTrue();

            String resolution = switch (entry.getValue()) {
                case "merge" -> "{\"strategy\":\"merge\",\"fields\":{\"givenName\":{\"value\":\"Merged-" + recordId + "\"}},\"basedOn\":\""
                        + conflict.get("version").asString() + "\"}";
                default -> "{\"strategy\":\"" + entry.getValue() + "\",\"basedOn\":\"" + conflict.get("version").asString() + "\"}";
            };
            HttpResponse<String> resolved = api.send(Service.CONFLICTS, "POST", "/api/conflicts/" + conflict.get("conflictId").asString()
                    + "/resolution", resolution, StackFixture.OPERATOR);
            assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
            expected.put(recordId, switch (entry.getValue()) {
                case "keep-local" -> "Local-" + recordId;
                case "keep-remote" -> "Remote-" + recordId;
                default -> "Merged-" + recordId;
            });
        }

        for (var entry : expected.entrySet()) {
            String recordId = entry.getKey();
            String conflictId = open.get(recordId).get("conflictId").asString();
            Map<String, Object> local = map(open.get(recordId).get("localSnapshot"));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                DocumentSnapshot stored = firestore().collection("integrations").document(INTEGRATION)
                        .collection("users").document(recordId).get().get();
                assertThat(stored.getString("givenName")).isEqualTo(entry.getValue());
                assertThat(stored.getString("_sync.resolvedConflictId")).isEqualTo(conflictId);
            });
            JsonNode record = json.readTree(api.send(Service.ORCHESTRATOR, "GET", "/api/integrations/" + INTEGRATION + "/records/users/" + recordId,
                    null, StackFixture.VIEWER).body());
            assertThat(record.get("givenName").asString()).isEqualTo(entry.getValue());
            // Every other field holds what it held locally (only givenName diverged).
            for (String field : List.of("familyName", "email", "username")) {
                if (local.containsKey(field)) {
                    assertThat(record.get(field).asString()).as(field).isEqualTo(String.valueOf(local.get(field)));
                }
            }

            JsonNode conflict = json.readTree(api.send(Service.CONFLICTS, "GET", "/api/conflicts/" + conflictId, null, StackFixture.VIEWER).body());
            assertThat(conflict.get("status").asString()).isEqualTo("resolved");
            assertThat(conflict.get("resolvedBy").asString()).isNotBlank();
            JsonNode audit = json.readTree(api.send(Service.CONFLICTS, "GET", "/api/conflicts/" + conflictId + "/audit", null,
                    StackFixture.VIEWER).body()).get("items");
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).get("action").asString()).isEqualTo("resolved");
            assertThat(audit.get(0).get("strategy").asString()).isEqualTo(strategies.get(recordId));
            assertThat(audit.get(0).get("before").get("givenName").asString()).isEqualTo("Local-" + recordId);
            assertThat(audit.get(0).get("after").get("givenName").asString()).isEqualTo(entry.getValue());
        }
        JsonNode stillOpen = json.readTree(api.send(Service.CONFLICTS, "GET", "/api/conflicts?status=open&integrationId=" + INTEGRATION,
                null, StackFixture.VIEWER).body()).get("items");
        assertThat(stillOpen).isEmpty();
    }

    private void sync() throws Exception {
        HttpResponse<String> accepted = api.send(Service.HEALTH, "POST", "/api/integrations/" + INTEGRATION + "/sync",
                "{\"entityTypes\":[\"users\"]}", StackFixture.OPERATOR);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = RunDispatcher.runIdFor(json.readTree(accepted.body()).get("eventId").asString());
        JsonNode run = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> api.run(runId),
                r -> r != null && List.of("succeeded", "partial", "failed").contains(r.get("status").asString()));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
    }

    private static JsonNode diff(JsonNode conflict, String field) {
        for (JsonNode d : conflict.get("diff")) {
            if (field.equals(d.get("field").asString())) {
                return d;
            }
        }
        throw new AssertionError("no diff entry for " + field + " in " + conflict);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(JsonNode node) {
        return json.treeToValue(node, Map.class);
    }


    private Firestore firestore() {
        return stack.context(Service.ORCHESTRATOR).getBean(Firestore.class);
    }

}
