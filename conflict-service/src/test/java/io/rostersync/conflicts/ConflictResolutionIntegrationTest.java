package io.rostersync.conflicts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.conflicts.metrics.ConflictMetrics;
import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.events.ConflictDetected;
import io.rostersync.core.events.ConflictResolved;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import io.rostersync.core.testsupport.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.testsupport.OpenApiContract;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.core.testsupport.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The divergence inbox against the real broker and the Firestore emulator: intake, diff, resolution, audit, bulk, metrics. */
@SpringBootTest(classes = ConflictServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=conflict-service",
                "rostersync.security.tokens[0].name=viewer",
                "rostersync.security.tokens[0].value=viewer-token-0123456789",
                "rostersync.security.tokens[0].role=VIEWER",
                "rostersync.security.tokens[1].name=olga-operator",
                "rostersync.security.tokens[1].value=operator-token-0123456789",
                "rostersync.security.tokens[1].role=OPERATOR",
                // Keep the poison test quick: one retry, short backoff (it is permanent anyway).
                "rostersync.kafka.retry-attempts=2",
                "rostersync.kafka.retry-backoff=100ms"})
class ConflictResolutionIntegrationTest {

    private static final String VIEWER = "viewer-token-0123456789";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final Duration ASYNC = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    EventPublisher publisher;
    @Autowired
    SyncConflicts conflicts;
    @Autowired
    ConflictMetrics metrics;

    private OpenApiContract api;
    private WebTestClient client;

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
        api = new OpenApiContract(client);
    }

    @Test
    void aNewerDivergenceOnTheSameRecordSupersedesTheOpenOneAndRedeliveriesChangeNothing() {
        String integrationId = "int-" + UUID.randomUUID();
        ConflictDetected first = conflict(integrationId, "cf-1-" + UUID.randomUUID(), "usr-7", "Anna", Instant.parse("2026-11-23T08:00:00Z"));
        ConflictDetected second = conflict(integrationId, "cf-2-" + UUID.randomUUID(), "usr-7", "Annie", Instant.parse("2026-11-23T09:00:00Z"));
        send(first);
        send(first);
        send(second);
        send(first); // a late redelivery of the older one neither duplicates nor reopens it
        ConflictDetected marker = conflict(integrationId, "cf-marker-" + UUID.randomUUID(), "usr-8", "Bo", Instant.parse("2026-11-23T09:30:00Z"));
        send(marker);
        await().atMost(ASYNC).untilAsserted(() -> api.get("/api/conflicts/" + marker.conflictId(), VIEWER, 200));

        JsonNode all = api.get("/api/conflicts?integrationId=" + integrationId, VIEWER, 200).get("items");
        assertThat(all).hasSize(3);
        JsonNode open = api.get("/api/conflicts?integrationId=" + integrationId + "&status=open", VIEWER, 200).get("items");
        assertThat(ids(open)).containsExactlyInAnyOrder(second.conflictId(), marker.conflictId());
        JsonNode older = api.get("/api/conflicts/" + first.conflictId(), VIEWER, 200);
        assertThat(older.get("status").asString()).isEqualTo("superseded");
        assertThat(older.get("supersededBy").asString()).isEqualTo(second.conflictId());
        JsonNode audit = api.get("/api/conflicts/" + first.conflictId() + "/audit", VIEWER, 200).get("items");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("action").asString()).isEqualTo("superseded");

        // A superseded conflict cannot be resolved.
        JsonNode refused = api.call(HttpMethod.POST, "/api/conflicts/" + first.conflictId() + "/resolution", OPERATOR,
                Map.of("strategy", "keep-local", "basedOn", older.get("version").asString()), 409);
        assertThat(refused.get("current").get("status").asString()).isEqualTo("superseded");
    }

    @Test
    void detailShowsAFieldLevelDiffAndAVersion() {
        SyncConflict c = seed("int-" + UUID.randomUUID(), "cf-" + UUID.randomUUID(), Instant.parse("2026-11-23T08:00:00Z"));
        JsonNode detail = api.get("/api/conflicts/" + c.conflictId(), VIEWER, 200);
        assertThat(detail.get("version").asString()).isEqualTo(c.version());
        Map<String, JsonNode> diff = new HashMap<>();
        detail.get("diff").forEach(d -> diff.put(d.get("field").asString(), d));
        assertThat(diff).containsOnlyKeys("givenName", "familyName", "email", "grade");
        assertThat(diff.get("givenName").get("conflicting").asBoolean()).isTrue();
        assertThat(diff.get("givenName").get("base").asString()).isEqualTo("Ana");
        assertThat(diff.get("givenName").get("local").asString()).isEqualTo("Ann");
        assertThat(diff.get("givenName").get("remote").asString()).isEqualTo("Anna");
        assertThat(diff.get("familyName").get("conflicting").asBoolean()).isFalse();
        assertThat(diff.get("familyName").get("localChanged").asBoolean()).isFalse();
        assertThat(diff.get("email").get("localChanged").asBoolean()).isTrue();
        assertThat(diff.get("email").get("remoteChanged").asBoolean()).isFalse();
    }

    @Test
    void keepRemotePublishesTheResultingRecordAndLeavesAnAuditEntry() {
        String integrationId = "int-" + UUID.randomUUID();
        SyncConflict c = seed(integrationId, "cf-" + UUID.randomUUID(), Instant.parse("2026-11-23T08:00:00Z"));
        ConflictResolved event;
        JsonNode resolved;
        try (TopicProbe probe = TopicProbe.open(Topics.SYNC_RESOLUTIONS)) {
            resolved = api.call(HttpMethod.POST, "/api/conflicts/" + c.conflictId() + "/resolution", OPERATOR,
                    Map.of("strategy", "keep-remote", "basedOn", c.version()), 200);
            event = probe.next(ConflictResolved.class);
        }
        // Conflicting givenName from the SIS, the remote-only familyName change kept, the local-only email kept.
        Map<String, Object> expected = Map.of("givenName", "Anna", "familyName", "Smith-Jones", "email", "ann@local.test", "grade", 7L);
        assertThat(event.conflictId()).isEqualTo(c.conflictId());
        assertThat(event.integrationId()).isEqualTo(integrationId);
        assertThat(event.strategy()).isEqualTo("keep-remote");
        assertThat(event.resolvedBy()).isEqualTo("olga-operator");
        assertThat(normalized(event.resultingRecord())).isEqualTo(expected);
        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.get("published").asBoolean()).isTrue();
        assertThat(resolved.get("resultingRecord").get("givenName").asString()).isEqualTo("Anna");

        JsonNode audit = api.get("/api/conflicts/" + c.conflictId() + "/audit", VIEWER, 200).get("items");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("action").asString()).isEqualTo("resolved");
        assertThat(audit.get(0).get("actor").asString()).isEqualTo("olga-operator");
        assertThat(audit.get(0).get("strategy").asString()).isEqualTo("keep-remote");
        assertThat(audit.get(0).get("choices").get("givenName").asString()).isEqualTo("remote");
        assertThat(audit.get(0).get("before").get("givenName").asString()).isEqualTo("Ann");
        assertThat(audit.get(0).get("after").get("givenName").asString()).isEqualTo("Anna");

        assertThat(ids(api.get("/api/conflicts?resolvedBy=olga-operator", VIEWER, 200).get("items"))).containsExactly(c.conflictId());
        assertThat(api.get("/api/conflicts?resolvedBy=someone-else", VIEWER, 200).get("items")).isEmpty();

        // Resolving again is refused: it is already decided.
        JsonNode again = api.call(HttpMethod.POST, "/api/conflicts/" + c.conflictId() + "/resolution", OPERATOR,
                Map.of("strategy", "keep-local", "basedOn", c.version()), 409);
        assertThat(again.get("detail").asString()).contains("already resolved");
    }

    @Test
    void mergeTakesASidePerFieldOrAnEditedValue() {
        SyncConflict c = seed("int-" + UUID.randomUUID(), "cf-" + UUID.randomUUID(), Instant.parse("2026-11-23T08:00:00Z"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("givenName", Map.of("value", "Anne-Marie"));
        fields.put("email", "remote");
        JsonNode resolved = api.call(HttpMethod.POST, "/api/conflicts/" + c.conflictId() + "/resolution", OPERATOR,
                Map.of("strategy", "merge", "basedOn", c.version(), "fields", fields), 200);
        JsonNode result = resolved.get("resultingRecord");
        assertThat(result.get("givenName").asString()).isEqualTo("Anne-Marie");
        assertThat(result.get("email").asString()).isEqualTo("ann@example.org");
        assertThat(result.get("familyName").asString()).isEqualTo("Smith-Jones");
        JsonNode audit = api.get("/api/conflicts/" + c.conflictId() + "/audit", VIEWER, 200).get("items").get(0);
        assertThat(audit.get("choices").get("givenName").asString()).isEqualTo("edited");
        assertThat(audit.get("choices").get("email").asString()).isEqualTo("remote");
    }

    @Test
    void staleResolutionIsRefusedWithTheFreshDiff() {
        SyncConflict c = seed("int-" + UUID.randomUUID(), "cf-" + UUID.randomUUID(), Instant.parse("2026-11-23T08:00:00Z"));
        JsonNode refused = api.call(HttpMethod.POST, "/api/conflicts/" + c.conflictId() + "/resolution", OPERATOR,
                Map.of("strategy", "keep-local", "basedOn", "0123456789abcdef01234567"), 409);
        assertThat(refused.get("detail").asString()).contains(c.version());
        assertThat(refused.get("current").get("version").asString()).isEqualTo(c.version());
        assertThat(refused.get("current").get("diff")).isNotEmpty();
        assertThat(api.get("/api/conflicts/" + c.conflictId(), VIEWER, 200).get("status").asString()).isEqualTo("open");
    }

    @Test
    void refusesMalformedRequestsUnknownIdsAndViewers() {
        SyncConflict c = seed("int-" + UUID.randomUUID(), "cf-" + UUID.randomUUID(), Instant.parse("2026-11-23T08:00:00Z"));
        String path = "/api/conflicts/" + c.conflictId() + "/resolution";
        api.call(HttpMethod.POST, path, OPERATOR, "{not json", 400);
        assertThat(api.call(HttpMethod.POST, path, OPERATOR, Map.of("strategy", "keep-both", "basedOn", c.version()), 400)
                .get("detail").asString()).contains("strategy");
        assertThat(api.call(HttpMethod.POST, path, OPERATOR, Map.of("strategy", "keep-local"), 400)
                .get("detail").asString()).contains("basedOn");
        assertThat(api.call(HttpMethod.POST, path, OPERATOR, Map.of("strategy", "merge", "basedOn", c.version(),
                "fields", Map.of("email", "local")), 400).get("detail").asString()).contains("givenName");
        assertThat(api.call(HttpMethod.POST, path, OPERATOR, Map.of("strategy", "merge", "basedOn", c.version(),
                "fields", Map.of("givenName", "both")), 400).get("detail").asString()).contains("givenName");
        assertThat(api.call(HttpMethod.POST, path, OPERATOR, Map.of("strategy", "merge", "basedOn", c.version(),
                "fields", Map.of("givenName", "local", "shoeSize", "remote")), 400).get("detail").asString()).contains("shoeSize");
        assertThat(api.call(HttpMethod.POST, "/api/conflicts/nope/resolution", OPERATOR,
                Map.of("strategy", "keep-local", "basedOn", "x"), 404).get("detail").asString()).contains("nope");
        api.get("/api/conflicts/nope/audit", VIEWER, 404);
        api.call(HttpMethod.POST, path, VIEWER, Map.of("strategy", "keep-local", "basedOn", c.version()), 403);
        api.call(HttpMethod.POST, "/api/conflicts/bulk-resolutions", VIEWER, Map.of("filter", Map.of(), "strategy", "keep-local"), 403);
        api.call(HttpMethod.POST, path, null, Map.of("strategy", "keep-local", "basedOn", c.version()), 401);
        assertThat(api.call(HttpMethod.POST, "/api/conflicts/bulk-resolutions", OPERATOR,
                Map.of("filter", Map.of(), "strategy", "merge"), 400).get("detail").asString()).contains("keep-local");
        assertThat(api.call(HttpMethod.POST, "/api/conflicts/bulk-resolutions", OPERATOR,
                Map.of("filter", Map.of("colour", "red"), "strategy", "keep-local"), 400).get("detail").asString()).contains("colour");
        assertThat(api.get("/api/conflicts?olderThan=yesterday", VIEWER, 400).get("detail").asString()).contains("olderThan");
        assertThat(api.get("/api/conflicts?entityType=pets", VIEWER, 400).get("detail").asString()).contains("pets");
        assertThat(api.get("/api/conflicts?after=%25%25", VIEWER, 400).get("detail").asString()).contains("cursor");
        // Nothing above changed the conflict.
        assertThat(api.get("/api/conflicts/" + c.conflictId(), VIEWER, 200).get("status").asString()).isEqualTo("open");
    }

    @Test
    void listsFilterByEntityTypeAndAgeAndPageWithACursor() {
        String integrationId = "int-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
        List<SyncConflict> seeded = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seeded.add(conflictAt(integrationId, "cf-" + i, "usr-" + i, EntityType.USERS, t0.plusSeconds(3600L * i)));
        }
        seeded.add(conflictAt(integrationId, "cf-class", "cls-1", EntityType.CLASSES, t0.plusSeconds(3600L * 10)));
        seeded.add(conflictAt("other-" + UUID.randomUUID(), "cf-other", "usr-1", EntityType.USERS, t0));
        conflicts.saveAll(seeded);

        List<String> pages = new ArrayList<>();
        String cursor = null;
        int calls = 0;
        do {
            JsonNode page = api.get("/api/conflicts?integrationId=" + integrationId + "&entityType=users&limit=3"
                    + (cursor == null ? "" : "&after=" + cursor), VIEWER, 200);
            pages.addAll(ids(page.get("items")));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            calls++;
        } while (cursor != null);
        assertThat(calls).isEqualTo(3);
        assertThat(pages).containsExactly("cf-6", "cf-5", "cf-4", "cf-3", "cf-2", "cf-1", "cf-0");

        assertThat(ids(api.get("/api/conflicts?integrationId=" + integrationId + "&detectedBefore=2026-11-20T02:00:00Z", VIEWER, 200)
                .get("items"))).containsExactly("cf-1", "cf-0");
        assertThat(ids(api.get("/api/conflicts?integrationId=" + integrationId + "&entityType=classes&olderThan=PT1H", VIEWER, 200)
                .get("items"))).containsExactly("cf-class");
        assertThat(api.get("/api/conflicts?integrationId=" + integrationId + "&olderThan=P36500D", VIEWER, 200).get("items")).isEmpty();
    }

    @Test
    void bulkResolvesAThousandOpenConflictsInOneRequest() {
        String integrationId = "int-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
        List<SyncConflict> seeded = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            seeded.add(conflictAt(integrationId, String.format("cf-%04d", i), String.format("usr-%04d", i), EntityType.USERS,
                    t0.plusMillis(i)));
        }
        seeded.add(conflictAt("other-" + UUID.randomUUID(), "cf-other", "usr-1", EntityType.USERS, t0));
        conflicts.saveAll(seeded);

        long started = System.nanoTime();
        JsonNode outcome = api.call(HttpMethod.POST, "/api/conflicts/bulk-resolutions", OPERATOR,
                Map.of("filter", Map.of("integrationId", integrationId, "entityType", "users"), "strategy", "keep-local"), 200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        Set<String> published = new HashSet<>();
        for (ConflictResolved event : resolutionsKeyed(integrationId, 1000)) {
            assertThat(event.strategy()).isEqualTo("keep-local");
            assertThat(event.resultingRecord().get("givenName")).isEqualTo("Ann");
            published.add(event.conflictId());
        }
        assertThat(outcome.get("resolved").asInt()).isEqualTo(1000);
        assertThat(outcome.get("published").asInt()).isEqualTo(1000);
        assertThat(outcome.get("more").asBoolean()).isFalse();
        assertThat(published).hasSize(1000);
        assertThat(api.get("/api/conflicts?integrationId=" + integrationId + "&status=open", VIEWER, 200).get("items")).isEmpty();
        assertThat(conflicts.countOpen(integrationId)).isZero();
        assertThat(conflicts.find("cf-other")).get().extracting(SyncConflict::status).isEqualTo("open");
        assertThat(conflicts.audit("cf-0500")).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("olga-operator"));
        // Again: nothing left to resolve.
        assertThat(api.call(HttpMethod.POST, "/api/conflicts/bulk-resolutions", OPERATOR,
                Map.of("filter", Map.of("integrationId", integrationId), "strategy", "keep-remote"), 200).get("resolved").asInt()).isZero();
    }

    @Test
    void exposesOpenConflictGaugesPerIntegration() {
        String integrationId = "int-" + UUID.randomUUID();
        Instant detected = Instant.now().minusSeconds(3600);
        conflicts.saveAll(List.of(conflictAt(integrationId, "cf-a", "usr-a", EntityType.USERS, detected),
                conflictAt(integrationId, "cf-b", "usr-b", EntityType.USERS, detected.plusSeconds(60))));
        metrics.track(integrationId);
        metrics.refresh();
        String scrape = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("rostersync_conflicts_open{integration=\"" + integrationId + "\"} 2.0");
        String ageLine = scrape.lines().filter(l -> l.startsWith("rostersync_conflicts_oldest_age_seconds{integration=\"" + integrationId))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(ageLine.substring(ageLine.lastIndexOf(' ') + 1))).isBetween(3590.0, 3700.0);
    }

    /** Every resolution published under this key (integration), read from the start of the topic. */
    private static List<ConflictResolved> resolutionsKeyed(String key, int expected) {
        EventCodec codec = new EventCodec("/test");
        List<ConflictResolved> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "resolutions-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(Topics.SYNC_RESOLUTIONS));
            await().atMost(ASYNC).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        seen.add(codec.decode(r, ConflictResolved.class).data());
                    }
                }
                assertThat(seen).hasSizeGreaterThanOrEqualTo(expected);
            });
        }
        return seen;
    }

    private void send(ConflictDetected c) {
        publisher.publishAndWait(Topics.SYNC_CONFLICTS, c.integrationId(), c.conflictId() + "/detected", c.recordId(), c);
    }

    private SyncConflict seed(String integrationId, String conflictId, Instant detectedAt) {
        Map<String, Object> base = Map.of("givenName", "Ana", "familyName", "Smith", "email", "ann@example.org", "grade", 7);
        Map<String, Object> local = Map.of("givenName", "Ann", "familyName", "Smith", "email", "ann@local.test", "grade", 7);
        Map<String, Object> remote = Map.of("givenName", "Anna", "familyName", "Smith-Jones", "email", "ann@example.org", "grade", 7);
        SyncConflict c = new SyncConflict(conflictId, integrationId, EntityType.USERS, "usr-1", "run-1", SyncConflict.OPEN,
                base, local, remote, List.of("givenName"), null, null, detectedAt, null);
        conflicts.saveAll(List.of(c));
        return conflicts.find(conflictId).orElseThrow();
    }

    private static SyncConflict conflictAt(String integrationId, String conflictId, String recordId, EntityType type, Instant at) {
        return new SyncConflict(conflictId, integrationId, type, recordId, "run-1", SyncConflict.OPEN,
                Map.of("givenName", "Ana"), Map.of("givenName", "Ann"), Map.of("givenName", "Anna"), List.of("givenName"),
                null, null, at, null);
    }

    private static ConflictDetected conflict(String integrationId, String conflictId, String recordId, String remoteName, Instant at) {
        return new ConflictDetected(conflictId, integrationId, EntityType.USERS, recordId, "run-1",
                Map.of("givenName", "Ana"), Map.of("givenName", "Ann"), Map.of("givenName", remoteName), List.of("givenName"), at);
    }

    private static Map<String, Object> normalized(Map<String, Object> record) {
        Map<String, Object> out = new HashMap<>();
        record.forEach((k, v) -> out.put(k, v instanceof Number n ? (Object) n.longValue() : v));
        return out;
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(c -> ids.add(c.get("conflictId").asString()));
        return ids;
    }
}
