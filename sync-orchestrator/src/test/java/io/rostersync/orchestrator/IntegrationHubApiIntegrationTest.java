package io.rostersync.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.testsupport.OpenApiContract;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-orchestrator",
        "rostersync.security.tokens[0].name=admin", "rostersync.security.tokens[0].value=admin-token-0123456789", "rostersync.security.tokens[0].role=ADMIN",
        "rostersync.security.tokens[1].name=viewer", "rostersync.security.tokens[1].value=viewer-token-0123456789", "rostersync.security.tokens[1].role=VIEWER",
        "rostersync.orchestrator.connector-urls.oneroster=http://127.0.0.1:1",
        "rostersync.orchestrator.connector-token-ref=config:test.connector-token", "test.connector-token=connector-token-0123456789",
        "rostersync.security.tokens[2].name=operator", "rostersync.security.tokens[2].value=operator-token-0123456789", "rostersync.security.tokens[2].role=OPERATOR"})
@AutoConfigureWebTestClient
class IntegrationHubApiIntegrationTest {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String VIEWER = "viewer-token-0123456789";
    private static final String OPERATOR = "operator-token-0123456789";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired
    WebTestClient client;
    @Autowired
    Integrations integrations;
    @Autowired
    com.google.cloud.firestore.Firestore firestore;
    private OpenApiContract api;

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        api = new OpenApiContract(client);
    }

    @Test
    void anAdminRegistersAnIntegrationAndAViewerReadsIt() {
        JsonNode created = api.call(HttpMethod.PUT, "/api/integrations/district-a", ADMIN, valid(), 201);
        assertThat(created.get("connector").asString()).isEqualTo("oneroster");
        assertThat(created.at("/connection/version").asString()).isEqualTo("1.2");
        assertThat(created.at("/connection/credentialRef").asString()).isEqualTo("env:DISTRICT_A_SECRET");

        api.call(HttpMethod.PUT, "/api/integrations/district-a", ADMIN, valid(), 200);
        JsonNode read = api.get("/api/integrations/district-a", VIEWER, 200);
        assertThat(read.get("name").asString()).isEqualTo("District A");
        assertThat(api.get("/api/integrations", VIEWER, 200).get("items")).hasSize(1);
    }

    @Test
    void badInputGetsOne400NamingEveryProblemAndWritesNothing() {
        Map<String, Object> bad = Map.of("name", "", "connector", "powerschool", "schedule", "every day",
                "connection", Map.of("baseUrl", "ftp://x", "clientId", "c", "credentialRef", "hunter2"));

        JsonNode problem = api.call(HttpMethod.PUT, "/api/integrations/district-b", ADMIN, bad, 400);

        assertThat(problem.get("detail").asString())
                .contains("name is required")
                .contains("unknown connector 'powerschool'")
                .contains("connection.baseUrl must be an absolute http(s) URL")
                .contains("connection.tokenUrl is required")
                .contains("credentialRef must be a reference")
                .contains("schedule 'every day' is not a valid cron expression");
        assertThat(integrations.find("district-b")).isEmpty();
    }

    @Test
    void postCreatesOnceThenAnswers409AndWritesNothingMore() {
        Map<String, Object> body = new java.util.HashMap<>(valid());
        body.put("integrationId", "district-c");
        body.put("conflictPolicy", "field-ownership");
        body.put("fieldOwnership", Map.of("givenName", "sis", "email", "local"));

        JsonNode created = api.call(HttpMethod.POST, "/api/integrations", ADMIN, body, 201);
        assertThat(created.at("/fieldOwnership/email").asString()).isEqualTo("local");
        body.put("name", "Another name");
        api.call(HttpMethod.POST, "/api/integrations", ADMIN, body, 409);

        assertThat(integrations.find("district-c").orElseThrow().name()).isEqualTo("District A");
    }

    @Test
    void anOperatorDisablesAndEnablesAndAnAdminDeletes() {
        api.call(HttpMethod.PUT, "/api/integrations/district-a", ADMIN, valid(), 201);

        assertThat(api.call(HttpMethod.POST, "/api/integrations/district-a/disable", OPERATOR, null, 200).get("enabled").asBoolean()).isFalse();
        assertThat(integrations.find("district-a").orElseThrow().enabled()).isFalse();
        assertThat(api.call(HttpMethod.POST, "/api/integrations/district-a/enable", OPERATOR, null, 200).get("enabled").asBoolean()).isTrue();
        api.call(HttpMethod.DELETE, "/api/integrations/district-a", OPERATOR, null, 403);
        api.call(HttpMethod.DELETE, "/api/integrations/district-a", ADMIN, null, 204);
        api.call(HttpMethod.DELETE, "/api/integrations/district-a", ADMIN, null, 404);
        api.call(HttpMethod.POST, "/api/integrations/district-a/enable", OPERATOR, null, 404);
        assertThat(integrations.find("district-a")).isEmpty();
    }

    @Test
    void moreThanTwoWebhookSecretsOrABadOwnershipAreRefused() {
        Map<String, Object> body = new java.util.HashMap<>(valid());
        body.put("webhookSecretRefs", List.of("env:A", "env:B", "env:C"));
        body.put("conflictPolicy", "field-ownership");
        body.put("fieldOwnership", Map.of("givenName", "district"));

        JsonNode problem = api.call(HttpMethod.PUT, "/api/integrations/district-d", ADMIN, body, 400);

        assertThat(problem.get("detail").asString()).contains("at most 2 webhook secrets").contains("fieldOwnership.givenName must be 'sis' or 'local'");
        assertThat(integrations.find("district-d")).isEmpty();
    }

    @Test
    void safetySettingsAreStoredShownAndAbsentOnesTakeTheDefaults() {
        Map<String, Object> body = new java.util.HashMap<>(valid());
        body.put("massChangeThresholds", Map.of("deletedPercent", 5));
        body.put("timeZone", "America/Chicago");
        body.put("reconciliationSchedule", "0 0 3 * * SUN");
        body.put("blackoutWindows", List.of(Map.of("name", "summer", "fromDate", "06-15", "toDate", "08-20"),
                Map.of("name", "nightly", "daysOfWeek", List.of("sunday"), "fromTime", "01:00", "toTime", "03:00")));

        JsonNode created = api.call(HttpMethod.PUT, "/api/integrations/district-a", ADMIN, body, 201);

        assertThat(created.at("/massChangeThresholds/deletedPercent").asDouble()).isEqualTo(5);
        assertThat(created.at("/massChangeThresholds/updatedPercent").asDouble()).isEqualTo(75);
        assertThat(created.at("/massChangeThresholds/minimumRecords").asLong()).isEqualTo(50);
        assertThat(created.at("/blackoutWindows/1/daysOfWeek/0").asString()).isEqualTo("SUNDAY");
        var stored = integrations.find("district-a").orElseThrow();
        assertThat(stored.timeZone()).isEqualTo("America/Chicago");
        assertThat(created.get("reconciliationSchedule").asString()).isEqualTo("0 0 3 * * SUN");
        assertThat(stored.blackoutWindows()).hasSize(2);
        JsonNode plain = api.call(HttpMethod.PUT, "/api/integrations/district-e", ADMIN, valid(), 201);
        assertThat(plain.get("timeZone").asString()).isEqualTo("UTC");
        assertThat(plain.at("/massChangeThresholds/deletedPercent").asDouble()).isEqualTo(10);
        assertThat(plain.get("paused").asBoolean()).isFalse();
    }

    @Test
    void badSafetySettingsAreNamedInOne400() {
        Map<String, Object> body = new java.util.HashMap<>(valid());
        body.put("massChangeThresholds", Map.of("deletedPercent", 120, "minimumRecords", -1));
        body.put("timeZone", "Mars/Olympus");
        body.put("reconciliationSchedule", "weekly");
        body.put("blackoutWindows", List.of(Map.of("name", "", "fromDate", "13-40"), Map.of("name", "always")));

        JsonNode problem = api.call(HttpMethod.PUT, "/api/integrations/district-f", ADMIN, body, 400);

        assertThat(problem.get("detail").asString())
                .contains("massChangeThresholds.deletedPercent must be between 0 and 100")
                .contains("massChangeThresholds.minimumRecords must be 0 or more")
                .contains("timeZone 'Mars/Olympus' is not an IANA time zone")
                .contains("reconciliationSchedule 'weekly' is not a valid cron expression")
                .contains("blackoutWindows[0].name is required")
                .contains("blackoutWindows[0] needs both fromDate and toDate")
                .contains("blackoutWindows[0] date '13-40' must be MM-DD")
                .contains("blackoutWindows[1] names no dates, days or times");
        assertThat(integrations.find("district-f")).isEmpty();
    }

    @Test
    void aPauseSurvivesAReplaceAndIsLiftedByResume() {
        api.call(HttpMethod.PUT, "/api/integrations/district-a", ADMIN, valid(), 201);

        api.call(HttpMethod.POST, "/api/integrations/district-a/pause", OPERATOR, null, 200);
        JsonNode replaced = api.call(HttpMethod.PUT, "/api/integrations/district-a", ADMIN, valid(), 200);

        assertThat(replaced.get("paused").asBoolean()).isTrue();
        api.call(HttpMethod.POST, "/api/integrations/district-a/pause", VIEWER, null, 403);
        api.call(HttpMethod.POST, "/api/integrations/nope/pause", OPERATOR, null, 404);
        api.call(HttpMethod.POST, "/api/integrations/district-a/resume", OPERATOR, null, 200);
        assertThat(integrations.find("district-a").orElseThrow().paused()).isFalse();
    }

    @Test
    void aConnectionTestWhoseConnectorCannotBeReachedIs502WithTheReason() {
        api.call(HttpMethod.PUT, "/api/integrations/district-a", ADMIN, valid(), 201);

        JsonNode problem = api.call(HttpMethod.POST, "/api/integrations/district-a/test-connection", OPERATOR, null, 502);

        assertThat(problem.get("detail").asString()).contains("oneroster connector at http://127.0.0.1:1 cannot be reached");
        api.call(HttpMethod.POST, "/api/integrations/nope/test-connection", OPERATOR, null, 404);
    }

    @Test
    void cancellingAnUnknownRunIs404AndNeedsAnOperator() {
        api.call(HttpMethod.POST, "/api/runs/run-nope/cancel", VIEWER, null, 403);
        assertThat(api.call(HttpMethod.POST, "/api/runs/run-nope/cancel", OPERATOR, null, 404).get("detail").asString())
                .contains("run 'run-nope' does not exist");
    }

    @Test
    void unknownIntegrationsAre404() {
        JsonNode problem = api.get("/api/integrations/nope", VIEWER, 404);
        assertThat(problem.get("detail").asString()).isEqualTo("integration 'nope' does not exist");
    }

    @Test
    void tokensAndRolesAreEnforced() {
        api.get("/api/integrations", null, 401);
        api.get("/api/integrations", "not-a-known-token-at-all", 401);
        api.call(HttpMethod.PUT, "/api/integrations/district-a", VIEWER, valid(), 403);
        assertThat(integrations.find("district-a")).isEmpty();
    }

    @Test
    void anOperatorEditsARecordLocallyAndTheEditIsQueuedForPush() throws Exception {
        api.call(HttpMethod.PUT, "/api/integrations/district-a", ADMIN, valid(), 201);
        firestore.collection("integrations").document("district-a").collection("users").document("u1")
                .set(Map.of("sourcedId", "u1", "status", "active", "givenName", "Ana", "_sync", Map.of("etag", "e1", "tombstone", false))).get();

        JsonNode edited = api.call(HttpMethod.PATCH, "/api/integrations/district-a/records/users/u1", ADMIN, Map.of("givenName", "Ann"), 200);

        assertThat(edited.at("/record/givenName").asString()).isEqualTo("Ann");
        assertThat(api.get("/api/integrations/district-a/records/users/u1", VIEWER, 200).get("givenName").asString()).isEqualTo("Ann");
        var outbox = firestore.collection("integrations").document("district-a").collection("outbox").get().get().getDocuments();
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0).getString("changeId")).isEqualTo(edited.get("changeId").asString());
        assertThat(outbox.get(0).getString("etag")).isEqualTo("e1");
        assertThat(outbox.get(0).getString("changedBy")).isEqualTo("admin");
    }

    @Test
    void localEditsOfUnknownRecordsOrReservedFieldsAreRefusedAndWriteNothing() throws Exception {
        api.call(HttpMethod.PUT, "/api/integrations/district-a", ADMIN, valid(), 201);
        firestore.collection("integrations").document("district-a").collection("users").document("u1")
                .set(Map.of("sourcedId", "u1", "status", "active", "givenName", "Ana")).get();

        api.call(HttpMethod.PATCH, "/api/integrations/district-a/records/users/nope", ADMIN, Map.of("givenName", "X"), 404);
        api.call(HttpMethod.PATCH, "/api/integrations/district-a/records/users/u1", ADMIN, Map.of("sourcedId", "u2"), 400);
        api.call(HttpMethod.PATCH, "/api/integrations/district-a/records/pets/u1", ADMIN, Map.of("givenName", "X"), 400);
        api.call(HttpMethod.PATCH, "/api/integrations/district-a/records/users/u1", VIEWER, Map.of("givenName", "X"), 403);

        assertThat(firestore.collection("integrations").document("district-a").collection("outbox").get().get().isEmpty()).isTrue();
        assertThat(api.get("/api/integrations/district-a/records/users/u1", VIEWER, 200).get("givenName").asString()).isEqualTo("Ana");
    }

    @Test
    void theOpenApiDescriptionIsServed() {
        client.get().uri("/openapi.yaml").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("Integration Hub"));
    }

    private static Map<String, Object> valid() {
        return Map.of("name", "District A", "connector", "oneroster", "schedule", "0 0 2 * * *",
                "connection", Map.of("baseUrl", "https://sis.example.org/ims/oneroster/rostering/v1p2",
                        "tokenUrl", "https://sis.example.org/oauth2/token", "clientId", "rostersync",
                        "credentialRef", "env:DISTRICT_A_SECRET", "scopes", List.of("https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly")),
                "webhookSecretRefs", List.of("env:DISTRICT_A_WEBHOOK_SECRET"));
    }
}
