package io.rostersync.health.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.health.HealthApiTestSupport;
import io.rostersync.health.aggregates.HealthAggregates;
import io.rostersync.health.aggregates.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The overview answers from aggregates, backlog counts and consumer lag, as openapi.yaml describes. */
class OverviewIntegrationTest extends HealthApiTestSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    Integrations integrations;
    @Autowired
    HealthAggregates aggregates;
    @Autowired
    SyncConflicts conflicts;
    @Autowired
    SyncDeadLetters deadLetters;
    @Autowired
    com.google.cloud.firestore.Firestore firestore;
    @Autowired
    io.rostersync.health.freshness.FreshnessReadings freshness;

    @BeforeEach
    void seed() {
        integrations.save(integration("ov-alpha", true));
        integrations.save(integration("ov-beta", false));
        integrations.save(integration("ov-gamma", true));
        Instant now = Instant.now();
        List<RunOutcome> alpha = new ArrayList<>();
        alpha.add(outcome("ov-alpha", "a1", RunStatus.SUCCEEDED, now.minus(Duration.ofDays(2)), 4_000));
        alpha.add(outcome("ov-alpha", "a2", RunStatus.FAILED, now.minus(Duration.ofHours(2)), 1_000));
        alpha.add(outcome("ov-alpha", "a3", RunStatus.SUCCEEDED, now.minus(Duration.ofMinutes(5)), 2_000));
        alpha.add(outcome("ov-alpha", "a4", RunStatus.PARTIAL, now.minus(Duration.ofMinutes(1)), 3_000));
        aggregates.count("ov-alpha", alpha);
        aggregates.count("ov-beta", List.of(outcome("ov-beta", "b1", RunStatus.SUCCEEDED, now.minus(Duration.ofDays(1)), 500)));
    }

    @Test
    void everyIntegrationWithItsFiguresStatusAndBacklog() {
        conflicts.saveAll(List.of(conflict("c1", "ov-alpha", SyncConflict.OPEN), conflict("c2", "ov-alpha", SyncConflict.OPEN),
                conflict("c3", "ov-alpha", SyncConflict.RESOLVED), conflict("c4", "ov-gamma", SyncConflict.OPEN)));
        deadLetters.createIfAbsent(letter("sync.requests-0-1", "ov-alpha", SyncDeadLetter.PENDING));
        deadLetters.createIfAbsent(letter("sync.requests-0-2", "ov-alpha", SyncDeadLetter.PARKED));
        deadLetters.createIfAbsent(letter("sync.requests-0-3", "ov-alpha", SyncDeadLetter.DISCARDED));
        // sync.records is keyed by run: not attributable, but part of the fleet's total.
        deadLetters.createIfAbsent(letter("sync.records-0-4", "run-123", SyncDeadLetter.PENDING));

        JsonNode overview = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                // Counts are refreshed in the background and may catch the writes above half done: wait for all of them.
                .until(() -> api.get("/api/overview", VIEWER, 200), o -> o.at("/totals/openConflicts").asLong() == 3
                        && o.at("/totals/waitingDeadLetters").asLong() == 3 && o.at("/integrations/0/openConflicts").asLong() == 2
                        && o.at("/integrations/0/waitingDeadLetters").asLong() == 2
                        && o.at("/integrations/0/runs7d").asLong() == 4 && o.at("/integrations/1/runs7d").asLong() == 1);

        assertThat(overview.get("integrations")).extracting(i -> i.get("integrationId").asString())
                .containsExactly("ov-alpha", "ov-beta", "ov-gamma");
        JsonNode alpha = overview.get("integrations").get(0);
        assertThat(alpha.get("status").asString()).isEqualTo("degraded");
        assertThat(alpha.get("runs24h").asLong()).isEqualTo(3);
        assertThat(alpha.get("runs7d").asLong()).isEqualTo(4);
        assertThat(alpha.get("errorRate24h").asDouble()).isEqualTo(2.0 / 3);
        assertThat(alpha.get("errorRate7d").asDouble()).isEqualTo(0.5);
        assertThat(alpha.get("durationP50Millis").asLong()).isEqualTo(2_000);
        assertThat(alpha.get("durationP95Millis").asLong()).isEqualTo(4_000);
        assertThat(alpha.get("recordsPerSecond").asDouble()).isEqualTo(40 * 1000.0 / 10_000);
        assertThat(alpha.at("/lastRun/runId").asString()).isEqualTo("a4");
        assertThat(alpha.get("openConflicts").asLong()).isEqualTo(2);
        assertThat(alpha.get("waitingDeadLetters").asLong()).isEqualTo(2);
        assertThat(alpha.get("runsPerDay")).hasSize(14);
        assertThat(overview.at("/integrations/1/status").asString()).isEqualTo("disabled");
        JsonNode gamma = overview.get("integrations").get(2);
        assertThat(gamma.get("status").asString()).isEqualTo("unknown");
        assertThat(gamma.get("statusReason").asString()).isEqualTo("no sync has run yet");
        assertThat(gamma.get("lastRun").isNull()).isTrue();
        assertThat(gamma.get("openConflicts").asLong()).isEqualTo(1);

        assertThat(overview.at("/totals/integrations").asInt()).isEqualTo(3);
        assertThat(overview.at("/totals/byStatus/degraded").asInt()).isEqualTo(1);
        assertThat(overview.at("/totals/waitingDeadLetters").asLong()).isEqualTo(3);
        assertThat(overview.at("/totals/runs24h").asLong()).isEqualTo(3);
        JsonNode series = overview.get("runsPerDay");
        assertThat(series).hasSize(14);
        long charted = 0;
        for (JsonNode day : series) {
            charted += day.get("runs").asLong();
        }
        assertThat(charted).isEqualTo(5);
    }

    @Test
    void freshnessIsTheAgeOfTheNewestAppliedSisChangeInTheOverviewAndTheMetrics() throws Exception {
        Instant newest = Instant.now().minus(Duration.ofMinutes(7)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        firestore.collection(io.rostersync.core.freshness.IntegrationFreshness.COLLECTION).document("ov-alpha").set(Map.of(
                "integrationId", "ov-alpha", "newestChangeAt", io.rostersync.core.firestore.FirestoreValues.timestamp(newest),
                "runId", "a3", "updatedAt", io.rostersync.core.firestore.FirestoreValues.timestamp(Instant.now()))).get();
        freshness.refresh();

        JsonNode alpha = api.get("/api/integrations/ov-alpha/health", VIEWER, 200);
        assertThat(Instant.parse(alpha.get("newestChangeAt").asString())).isEqualTo(newest);
        assertThat(alpha.get("freshnessSeconds").asLong()).isBetween(7 * 60L, 7 * 60L + 60);
        JsonNode gamma = api.get("/api/integrations/ov-gamma/health", VIEWER, 200);
        assertThat(gamma.get("newestChangeAt").isNull()).as("no run applied anything yet").isTrue();

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> assertThat(web.get().uri("/actuator/prometheus")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .containsPattern("rostersync_health_freshness_seconds\\{integration=\"ov-alpha\"\\} 4[2-9]\\d"));
    }

    @Test
    void consumerLagPerGroupFromTheBroker() throws Exception {
        String topic = "overview-lag-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers(),
                     "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get();
            }
            admin.alterConsumerGroupOffsets("lagging-group", Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2))).all().get();
        }

        JsonNode group = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode g : api.get("/api/overview", VIEWER, 200).at("/consumerLag/groups")) {
                if ("lagging-group".equals(g.get("group").asString())) {
                    return g;
                }
            }
            return null;
        }, g -> g != null);
        assertThat(group.get("lag").asLong()).isEqualTo(3);
        assertThat(group.get("partitions").asInt()).isEqualTo(1);
    }

    @Test
    void theOverviewFollowsAggregatesAndIntegrationsAsTheyChange() {
        aggregates.count("ov-gamma", List.of(outcome("ov-gamma", "g1", RunStatus.FAILED, Instant.now(), 700)));
        integrations.save(integration("ov-delta", true));

        JsonNode overview = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> api.get("/api/overview", VIEWER, 200),
                o -> o.get("integrations").size() == 4 && o.at("/integrations/3/runs24h").asLong() == 1);
        assertThat(overview.at("/integrations/2/integrationId").asString()).isEqualTo("ov-delta");
        assertThat(overview.at("/integrations/3/integrationId").asString()).isEqualTo("ov-gamma");
        assertThat(overview.at("/integrations/3/status").asString()).isEqualTo("failing");

        integrations.delete("ov-delta");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> api.get("/api/overview", VIEWER, 200)
                .get("integrations").size() == 3);
    }

    @Test
    void oneIntegrationsFiguresAnd404ForAnUnknownOne() {
        JsonNode alpha = api.get("/api/integrations/ov-alpha/health", VIEWER, 200);
        assertThat(alpha.get("runs7d").asLong()).isEqualTo(4);
        assertThat(api.get("/api/integrations/nope/health", VIEWER, 404).get("detail").asString()).contains("nope");
        api.get("/api/overview", null, 401);
    }

    private static Integration integration(String id, boolean enabled) {
        return new Integration(id, "District " + id, ConnectorType.ONEROSTER,
                new ConnectionSettings("https://sis.example/" + id, "https://sis.example/token", "1.2", "client-" + id,
                        "env:SECRET", List.of()), null, enabled, "manual", List.of(), Instant.EPOCH, Instant.EPOCH);
    }

    private static RunOutcome outcome(String integrationId, String runId, RunStatus status, Instant finishedAt, long durationMillis) {
        return new RunOutcome(runId, integrationId, status, RunType.SCHEDULED, finishedAt, durationMillis, 10, 4,
                status == RunStatus.PARTIAL ? 2 : 0, status == RunStatus.FAILED ? "SIS answered 503" : null);
    }

    private static SyncConflict conflict(String id, String integrationId, String status) {
        return new SyncConflict(id, integrationId, EntityType.USERS, "usr-" + id, "run-1", status, Map.of("givenName", "A"),
                Map.of("givenName", "B"), Map.of("givenName", "C"), List.of("givenName"), null, null, Instant.now(), null);
    }

    private static SyncDeadLetter letter(String id, String key, String status) {
        return new SyncDeadLetter(id, id.substring(0, id.indexOf('-')), 0, 1, key, key, "evt-" + id, "rostersync.sync-requested.v1",
                Map.of(), "e30=", "io.rostersync.Boom", "boom", 3, 0, null, status, Instant.now(), Instant.now());
    }
}
