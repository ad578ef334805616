package io.rostersync.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.testsupport.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class HealthApiIntegrationTest extends HealthApiTestSupport {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @Autowired
    Integrations integrations;
    @Autowired
    SyncRuns runs;
    @Autowired
    EventCodec codec;

    @BeforeEach
    void seed() {
        integrations.save(integration("alpha", true));
        integrations.save(integration("beta", false));
        integrations.save(integration("gamma", true));
        // alpha: five runs, one per minute; the newest failed.
        runs.save(run("r1", RunType.SCHEDULED, RunStatus.SUCCEEDED, 1, null));
        runs.save(run("r2", RunType.MANUAL, RunStatus.PARTIAL, 2, null));
        runs.save(run("r3", RunType.SCHEDULED, RunStatus.SUCCEEDED, 3, null));
        runs.save(run("r4", RunType.MANUAL, RunStatus.SUCCEEDED, 4, null));
        runs.save(run("r5", RunType.SCHEDULED, RunStatus.FAILED, 5, "SIS answered 503 for /users"));
    }

    @Test
    void listsIntegrationsWithStatusAndLastRunButNoCredentials() {
        JsonNode list = api.get("/api/integrations", VIEWER, 200);

        assertThat(list).hasSize(3);
        assertThat(texts(list, "integrationId")).containsExactly("alpha", "beta", "gamma");
        assertThat(texts(list, "status")).containsExactly("failing", "disabled", "unknown");
        assertThat(list.get(0).get("statusReason").asString()).contains("SIS answered 503");
        assertThat(list.get(0).get("lastRun").get("runId").asString()).isEqualTo("r5");
        assertThat(list.get(1).get("lastRun").isNull()).isTrue();
        assertThat(list.toString()).doesNotContain("env:ALPHA_SECRET", "credentialRef", "webhookSecretRefs", "whsec");
    }

    @Test
    void showsOneIntegrationAnd404ForAnUnknownOne() {
        JsonNode alpha = api.get("/api/integrations/alpha", VIEWER, 200);
        assertThat(alpha.get("name").asString()).isEqualTo("District alpha");
        assertThat(alpha.get("connector").asString()).isEqualTo("oneroster");

        JsonNode problem = api.get("/api/integrations/nope", VIEWER, 404);
        assertThat(problem.get("detail").asString()).contains("nope");
    }

    @Test
    void pagesRunsNewestFirstWithoutOverlap() {
        JsonNode first = api.get("/api/integrations/alpha/runs?limit=2", VIEWER, 200);
        assertThat(texts(first.get("items"), "runId")).containsExactly("r5", "r4");
        assertThat(first.get("nextAfter").asString()).isEqualTo("r4");

        JsonNode second = api.get("/api/integrations/alpha/runs?limit=2&after=r4", VIEWER, 200);
        assertThat(texts(second.get("items"), "runId")).containsExactly("r3", "r2");

        JsonNode last = api.get("/api/integrations/alpha/runs?limit=2&after=" + second.get("nextAfter").asString(), VIEWER, 200);
        assertThat(texts(last.get("items"), "runId")).containsExactly("r1");
        assertThat(last.get("nextAfter").isNull()).isTrue();

        JsonNode run = first.get("items").get(0);
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("durationMillis").asLong()).isEqualTo(30_000);
        assertThat(run.get("counts").get("fetched").asLong()).isEqualTo(10);
        assertThat(run.get("entityCounts").get("users").get("created").asLong()).isEqualTo(2);
        assertThat(run.get("cursorAfter").get("users").asString()).isEqualTo("c5");
        assertThat(run.has("heartbeatAt")).isFalse();
    }

    @Test
    void filtersRunsByStatusAndRunType() {
        assertThat(texts(api.get("/api/integrations/alpha/runs?status=succeeded", VIEWER, 200).get("items"), "runId"))
                .containsExactly("r4", "r3", "r1");
        assertThat(texts(api.get("/api/integrations/alpha/runs?runType=manual", VIEWER, 200).get("items"), "runId"))
                .containsExactly("r4", "r2");
        assertThat(texts(api.get("/api/integrations/alpha/runs?runType=manual&status=succeeded", VIEWER, 200).get("items"), "runId"))
                .containsExactly("r4");
        assertThat(api.get("/api/integrations/gamma/runs", VIEWER, 200).get("items")).isEmpty();
    }

    @Test
    void refusesBadRunQueriesWithProblemDetails() {
        assertThat(api.get("/api/integrations/alpha/runs?limit=0", VIEWER, 400).get("detail").asString()).contains("limit");
        assertThat(api.get("/api/integrations/alpha/runs?limit=201", VIEWER, 400).get("detail").asString()).contains("200");
        assertThat(api.get("/api/integrations/alpha/runs?status=sleeping", VIEWER, 400).get("detail").asString())
                .contains("succeeded");
        api.get("/api/integrations/alpha/runs?after=not-a-run", VIEWER, 400);
        api.get("/api/integrations/nope/runs", VIEWER, 404);
        api.get("/api/runs/nope", VIEWER, 404);

        JsonNode run = api.get("/api/runs/r2", VIEWER, 200);
        assertThat(run.get("runType").asString()).isEqualTo("manual");
        assertThat(run.get("mode").asString()).isEqualTo("incremental");
    }

    @Test
    void theApiNeedsAToken() {
        api.get("/api/integrations", null, 401);
        api.get("/api/integrations", "not-a-known-token-at-all", 401);
        api.call(HttpMethod.POST, "/api/integrations/alpha/sync", null, Map.of(), 401);
    }

    @Test
    void aViewerMayNotRequestASync() {
        JsonNode problem = api.call(HttpMethod.POST, "/api/integrations/alpha/sync", VIEWER, Map.of(), 403);
        assertThat(problem.get("status").asInt()).isEqualTo(403);
    }

    @Test
    void anOperatorsSyncRequestIsPublishedToSyncRequests() {
        JsonNode accepted = api.call(HttpMethod.POST, "/api/integrations/alpha/sync", OPERATOR,
                Map.of("entityTypes", List.of("users", "enrollments"), "direction", "pull"), 202);
        String eventId = accepted.get("eventId").asString();
        assertThat(accepted.get("integrationId").asString()).isEqualTo("alpha");

        Envelope<SyncRequested> published = awaitSyncRequest(eventId);

        assertThat(published.data().integrationId()).isEqualTo("alpha");
        assertThat(published.data().runType()).isEqualTo(RunType.MANUAL);
        assertThat(published.data().direction()).isEqualTo(Direction.PULL);
        assertThat(published.data().entityTypes()).containsExactly(EntityType.USERS, EntityType.ENROLLMENTS);
        assertThat(published.data().requestedBy()).isEqualTo("operator");
    }

    @Test
    void aSyncRequestWithoutBodyMeansEverythingPulled() {
        String eventId = web.post().uri("/api/integrations/gamma/sync").headers(h -> h.setBearerAuth(ADMIN))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("eventId").asString();

        Envelope<SyncRequested> published = awaitSyncRequest(eventId);

        assertThat(published.data().entityTypes()).isEmpty();
        assertThat(published.data().direction()).isEqualTo(Direction.PULL);
        assertThat(published.data().requestedBy()).isEqualTo("admin");
    }

    @Test
    void refusesSyncRequestsThatCannotRun() {
        assertThat(api.call(HttpMethod.POST, "/api/integrations/beta/sync", OPERATOR, Map.of(), 409).get("detail").asString())
                .contains("disabled");
        api.call(HttpMethod.POST, "/api/integrations/nope/sync", OPERATOR, Map.of(), 404);
        assertThat(api.call(HttpMethod.POST, "/api/integrations/alpha/sync", OPERATOR,
                Map.of("entityTypes", List.of("pupils")), 400).get("detail").asString())
                .contains("pupils", "users", "enrollments", "academicSessions");
        assertThat(api.call(HttpMethod.POST, "/api/integrations/alpha/sync", OPERATOR,
                Map.of("direction", "sideways"), 400).get("detail").asString()).contains("pull", "push");
    }

    @Test
    void servesTheDashboardWithoutAnythingFromElsewhereAndTheApiDescription() {
        String html = web.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", io.rostersync.health.web.DashboardHeaders.POLICY)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("<title>RosterSync health</title>", "app.js", "Run Sync Now", "Integration Hub")
                .doesNotContainPattern("(src|href)=\"https?://").doesNotContain("<script>", "style=");

        for (String asset : List.of("/app.js", "/app.css", "/js/api.js", "/js/chart.js", "/js/dom.js", "/js/hub.js",
                "/js/integration.js", "/js/overview.js", "/js/stream.js")) {
            String body = web.get().uri(asset).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).as(asset).doesNotContainPattern("(src|href|url)\\s*[=(]\\s*['\"]?https?://");
        }
        String spec = web.get().uri("/openapi.yaml").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(spec).startsWith("openapi: 3.0.3").contains("/api/integrations/{integrationId}/sync", "/api/overview");
    }

    private Envelope<SyncRequested> awaitSyncRequest(String eventId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "health-api-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.SYNC_REQUESTS));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen).anyMatch(r -> eventId.equals(EventCodec.header(r.headers(), "ce_id")));
            });
        }
        ConsumerRecord<String, byte[]> record = seen.stream()
                .filter(r -> eventId.equals(EventCodec.header(r.headers(), "ce_id"))).findFirst().orElseThrow();
        Envelope<SyncRequested> envelope = codec.decode(record, SyncRequested.class);
        assertThat(record.key()).as("sync.requests is keyed by integrationId").isEqualTo(envelope.data().integrationId());
        return envelope;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asString()));
        return values;
    }

    private static Integration integration(String id, boolean enabled) {
        return new Integration(id, "District " + id, ConnectorType.ONEROSTER,
                new ConnectionSettings("https://sis.example/" + id, "https://sis.example/token", "1.2", "client-" + id,
                        "env:" + id.toUpperCase() + "_SECRET", List.of("roster-core.readonly")),
                "0 0 * * * *", enabled, "manual", List.of("env:whsec_" + id), T0, T0);
    }

    private static SyncRun run(String runId, RunType type, RunStatus status, int minute, String error) {
        Instant queued = T0.plusSeconds(60L * minute);
        RunCounts counts = new RunCounts(10, 2, 3, 0, 5, 0, status == RunStatus.PARTIAL ? 1 : 0);
        return new SyncRun(runId, "alpha", type, Direction.PULL, PullMode.INCREMENTAL, status, counts,
                Map.of("users", counts), Map.of("users", "c" + (minute - 1)), Map.of("users", "c" + minute),
                queued, queued.plusSeconds(1), queued.plusSeconds(31), queued.plusSeconds(31), error, 1, "scheduler", "t-" + runId);
    }
}
