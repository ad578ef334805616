package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.EventCodec;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import io.rostersync.orchestrator.runs.RunDispatcher;
import io.rostersync.simulator.edfi.EdFiIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An Ed-Fi integration through the whole stack against the simulator's ODS/API: a local edit is pushed and the SIS
 * holds it; an edit against a record changed meanwhile in the SIS hits 412 and becomes an open conflict with both
 * versions; resolving it with each strategy leaves Firestore and the SIS holding exactly the chosen value; and a
 * sync that ran while the SIS kept changing is made exact by the following one.
 */
class EdFiEndToEndTest {

    /** This test changes the shared simulator's district: give the tests after it the generated district back. */
    @AfterAll
    static void restoreDistrict() throws Exception {
        new StackHttp(StackFixture.stack()).send(Service.SIMULATOR, "POST", "/admin/district/regenerate", "{}", null);
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static LocalStack stack;
    private final StackHttp api = new StackHttp(StackFixture.stack());
    private final JsonMapper json = EventCodec.defaultMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private String edFiToken;

    @BeforeAll
    static void startStack() {
        stack = StackFixture.stack();
    }

    @Test
    void aLocalEditIsPushedAndAStaleOneBecomesAConflictWhoseEveryResolutionReachesTheSis() throws Exception {
        String integration = "edfi-push";
        create(integration);
        assertThat(sync(integration, "{\"entityTypes\":[\"users\"]}").get("status").asString()).isEqualTo("succeeded");

        // A plain local edit: pushed, and the SIS holds it.
        String pushed = EdFiIds.resourceId("students", "usr-000021");
        edit(integration, pushed, "Pushed-21");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(edFiStudent(pushed).get("firstName").asString()).isEqualTo("Pushed-21"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(record(integration, pushed).getString("_sync.etag"))
                .isEqualTo(edFiStudent(pushed).get("_etag").asString()));

        // Changed in the SIS first, then edited here against the version RosterSync last saw: 412 → a conflict.
        Map<String, String> strategies = new LinkedHashMap<>();
        strategies.put("usr-000022", "keep-local");
        strategies.put("usr-000023", "keep-remote");
        strategies.put("usr-000024", "merge");
        for (String sourcedId : strategies.keySet()) {
            HttpResponse<String> remote = api.send(Service.SIMULATOR, "PATCH", "/admin/oneroster/users/" + sourcedId,
                    "{\"givenName\":\"Remote-" + sourcedId + "\",\"dateLastModified\":\"" + Instant.now() + "\"}", null);
            assertThat(remote.statusCode()).as(remote.body()).isEqualTo(200);
            edit(integration, EdFiIds.resourceId("students", sourcedId), "Local-" + sourcedId);
        }
        Map<String, JsonNode> open = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<String, JsonNode> byRecord = new HashMap<>();
            for (JsonNode item : json.readTree(api.send(Service.CONFLICTS, "GET", "/api/conflicts?status=open&integrationId=" + integration,
                    null, StackFixture.VIEWER).body()).get("items")) {
                assertThat(byRecord.put(item.get("recordId").asString(), item)).as("one open conflict per record").isNull();
            }
            return byRecord;
        }, m -> m.size() == strategies.size());

        Map<String, String> chosen = new LinkedHashMap<>();
        for (var entry : strategies.entrySet()) {
            String sourcedId = entry.getKey();
            String id = EdFiIds.resourceId("students", sourcedId);
            JsonNode conflict = json.readTree(api.send(Service.CONFLICTS, "GET", "/api/conflicts/" + open.get(id).get("conflictId").asString(),
                    null, StackFixture.VIEWER).body());
            assertThat(conflict.at("/localSnapshot/givenName").asString()).isEqualTo("Local-" + sourcedId);
            assertThat(conflict.at("/remoteSnapshot/givenName").asString()).isEqualTo("Remote-" + sourcedId);
            String resolution = entry.getValue().equals("merge")
                    ? "{\"strategy\":\"merge\",\"fields\":{\"givenName\":{\"value\":\"Merged-" + sourcedId + "\"}},\"basedOn\":\""
                    + conflict.get("version").asString() + "\"}"
                    : "{\"strategy\":\"" + entry.getValue() + "\",\"basedOn\":\"" + conflict.get("version").asString() + "\"}";
            HttpResponse<String> resolved = api.send(Service.CONFLICTS, "POST", "/api/conflicts/" + conflict.get("conflictId").asString()
                    + "/resolution", resolution, StackFixture.OPERATOR);
            assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
            chosen.put(id, switch (entry.getValue()) {
                case "keep-local" -> "Local-" + sourcedId;
                case "keep-remote" -> "Remote-" + sourcedId;
                default -> "Merged-" + sourcedId;
            });
        }

        for (var entry : chosen.entrySet()) {
            String id = entry.getKey();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                assertThat(edFiStudent(id).get("firstName").asString()).as("the SIS holds the chosen value").isEqualTo(entry.getValue());
                DocumentSnapshot stored = record(integration, id);
                assertThat(stored.getString("givenName")).isEqualTo(entry.getValue());
                assertThat(stored.getString("_sync.etag")).as("RosterSync knows the SIS's new version").isEqualTo(edFiStudent(id).get("_etag").asString());
            });
            JsonNode conflict = json.readTree(api.send(Service.CONFLICTS, "GET", "/api/conflicts/" + open.get(id).get("conflictId").asString(),
                    null, StackFixture.VIEWER).body());
            assertThat(conflict.get("status").asString()).isEqualTo("resolved");
        }

        // The next pull finds nothing to argue about: no new conflict, and the values stay.
        JsonNode after = sync(integration, "{\"entityTypes\":[\"users\"]}");
        assertThat(after.get("status").asString()).isEqualTo("succeeded");
        assertThat(after.at("/counts/conflicts").asLong()).isZero();
        for (var entry : chosen.entrySet()) {
            assertThat(record(integration, entry.getKey()).getString("givenName")).isEqualTo(entry.getValue());
        }
        assertThat(json.readTree(api.send(Service.CONFLICTS, "GET", "/api/conflicts?status=open&integrationId=" + integration, null,
                StackFixture.VIEWER).body()).get("items")).isEmpty();
    }

    @Test
    void aSyncDuringLiveChangesIsMadeExactByTheNextOne() throws Exception {
        String integration = "edfi-live";
        create(integration);
        HttpResponse<String> stream = api.send(Service.SIMULATOR, "POST", "/admin/change-stream",
                "{\"ratePerSecond\":40,\"entityTypes\":[\"classes\",\"enrollments\"],\"seconds\":8,\"seed\":11}", null);
        assertThat(stream.statusCode()).as(stream.body()).isLessThan(300);
        try {
            JsonNode during = sync(integration, "{}");
            assertThat(during.get("status").asString()).as(during.toString()).isEqualTo("succeeded");
            // Users change too, while the stream runs, through the admin API a district admin would use.
            api.send(Service.SIMULATOR, "POST", "/admin/changes", "{\"entityType\":\"users\",\"count\":5}", null);
        } finally {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> !json.readTree(api.send(Service.SIMULATOR, "GET",
                    "/admin/change-stream", null, null).body()).get("running").asBoolean());
        }
        JsonNode applied = json.readTree(api.send(Service.SIMULATOR, "GET", "/admin/change-stream", null, null).body()).get("applied");
        assertThat(applied.get("total").asLong()).as("the stream changed records").isPositive();

        JsonNode next = sync(integration, "{}");
        assertThat(next.get("status").asString()).as(next.toString()).isEqualTo("succeeded");
        assertThat(next.get("mode").asString()).isEqualTo("incremental");

        assertSameAsSis(integration);
    }

    @Test
    void aCursorTheSisNoLongerServesFailsTheRunVisiblyAndAFullResyncMakesTheRosterExact() throws Exception {
        String integration = "edfi-expired";
        create(integration);
        assertThat(sync(integration, "{}").get("status").asString()).isEqualTo("succeeded");
        api.send(Service.SIMULATOR, "POST", "/admin/changes", "{\"entityType\":\"users\",\"count\":5}", null);
        assertThat(api.send(Service.SIMULATOR, "DELETE", "/admin/oneroster/users/usr-000010", null, null).statusCode()).isEqualTo(200);
        // The ODS's retention job purges change tracking up to now: the changes above are no longer served as changes.
        long newest = json.readTree(api.send(Service.SIMULATOR, "POST", "/admin/edfi/change-retention", "{\"oldestChangeVersion\":0}", null)
                .body()).get("newestChangeVersion").asLong();
        assertThat(api.send(Service.SIMULATOR, "POST", "/admin/edfi/change-retention", "{\"oldestChangeVersion\":" + newest + "}", null)
                .statusCode()).isEqualTo(200);

        JsonNode expired = sync(integration, "{}");
        assertThat(expired.get("status").asString()).isEqualTo("failed");
        assertThat(expired.get("error").asString()).contains("keeps changes from version " + newest, "full resync");

        JsonNode resync = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (JsonNode run : json.readTree(api.send(Service.HEALTH, "GET", "/api/integrations/" + integration + "/runs?limit=10", null,
                    StackFixture.VIEWER).body()).get("items")) {
                if ("full".equals(run.path("mode").asString()) && run.path("requestedBy").asString().contains("cursor expired")) {
                    return run;
                }
            }
            return null;
        }, r -> r != null && "succeeded".equals(r.get("status").asString()));
        assertThat(resync.get("requestedBy").asString()).contains(expired.get("runId").asString());
        assertSameAsSis(integration);
    }

    /** Record for record: the live Firestore documents are exactly the SIS's items, each at the SIS's version. */
    private void assertSameAsSis(String integration) throws Exception {
        Map<String, List<String>> resources = new LinkedHashMap<>();
        resources.put("orgs", List.of("schools"));
        resources.put("academicSessions", List.of("sessions"));
        resources.put("courses", List.of("courses"));
        resources.put("classes", List.of("sections"));
        resources.put("users", List.of("students", "staffs"));
        resources.put("enrollments", List.of("studentSectionAssociations", "staffSectionAssociations"));
        for (var entry : resources.entrySet()) {
            Map<String, String> sis = new HashMap<>();
            for (String resource : entry.getValue()) {
                sis.putAll(edFiVersions(resource));
            }
            Map<String, String> local = new HashMap<>();
            for (DocumentSnapshot doc : firestore().collection("integrations").document(integration).collection(entry.getKey()).get().get()
                    .getDocuments()) {
                if (!Boolean.TRUE.equals(doc.getBoolean("_sync.tombstone"))) {
                    local.put(doc.getString("edfiId"), doc.getString("_sync.etag"));
                }
            }
            assertThat(local).as(entry.getKey() + ": Ed-Fi id → version in Firestore vs the SIS").isEqualTo(sis);
        }
    }

    private void create(String integration) throws Exception {
        String body = """
                {"integrationId":"%s","name":"Ed-Fi district","connector":"edfi","conflictPolicy":"manual",
                 "connection":{"baseUrl":"%s","tokenUrl":"%s","clientId":"%s","credentialRef":"config:rostersync.local.sis-client-secret"}}
                """.formatted(integration, stack.edFiBaseUrl(), stack.url(Service.SIMULATOR) + "/oauth/token", stack.settings().sisClientId());
        HttpResponse<String> created = api.send(Service.ORCHESTRATOR, "POST", "/api/integrations", body, StackFixture.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private void edit(String integration, String userId, String givenName) throws Exception {
        HttpResponse<String> edited = api.send(Service.ORCHESTRATOR, "PATCH", "/api/integrations/" + integration + "/records/users/" + userId,
                "{\"givenName\":\"" + givenName + "\"}", StackFixture.OPERATOR);
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
    }

    private JsonNode sync(String integration, String body) throws Exception {
        HttpResponse<String> accepted = api.send(Service.HEALTH, "POST", "/api/integrations/" + integration + "/sync", body, StackFixture.OPERATOR);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = RunDispatcher.runIdFor(json.readTree(accepted.body()).get("eventId").asString());
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> api.run(runId),
                r -> r != null && List.of("succeeded", "partial", "failed", "cancelled").contains(r.get("status").asString()));
    }

    private DocumentSnapshot record(String integration, String id) throws Exception {
        return firestore().collection("integrations").document(integration).collection("users").document(id).get().get();
    }

    private JsonNode edFiStudent(String id) throws Exception {
        HttpResponse<String> response = edFi("/ed-fi/students/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Every item of an Ed-Fi resource: id → {@code _etag}. */
    private Map<String, String> edFiVersions(String resource) throws Exception {
        Map<String, String> versions = new HashMap<>();
        for (int offset = 0; ; offset += 500) {
            HttpResponse<String> page = edFi("/ed-fi/" + resource + "?offset=" + offset + "&limit=500");
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode items = json.readTree(page.body());
            items.forEach(item -> versions.put(item.get("id").asString(), item.get("_etag").asString()));
            if (items.size() < 500) {
                return versions;
            }
        }
    }

    private HttpResponse<String> edFi(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.edFiBaseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + edFiToken()).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String edFiToken() throws Exception {
        if (edFiToken == null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(Service.SIMULATOR) + "/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (stack.settings().sisClientId() + ":" + stack.settings().sisClientSecret()).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
            edFiToken = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asString();
        }
        return edFiToken;
    }

    private Firestore firestore() {
        return stack.context(Service.ORCHESTRATOR).getBean(Firestore.class);
    }
}
