package io.rostersync.health.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.health.HealthApiTestSupport;
import io.rostersync.health.aggregates.HealthAggregates;
import io.rostersync.health.aggregates.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Prometheus sees the fleet's runs, backlog and the API's own latency histograms, without a token. */
class HealthMetricsIntegrationTest extends HealthApiTestSupport {

    @Autowired
    Integrations integrations;
    @Autowired
    HealthAggregates aggregates;
    @Autowired
    SyncConflicts conflicts;

    @Test
    void runsByStatusRecordsAppliedOpenConflictsAndHttpLatencies() {
        integrations.save(new Integration("m-alpha", "District", ConnectorType.EDFI,
                new ConnectionSettings("https://sis", "https://sis/token", "7", "c", "env:X", List.of()), null, true, "manual",
                List.of(), Instant.EPOCH, Instant.EPOCH));
        Instant now = Instant.now();
        aggregates.count("m-alpha", List.of(
                new RunOutcome("m1", "m-alpha", RunStatus.SUCCEEDED, RunType.WEBHOOK, now.minusSeconds(60), 1_000L, 5, 4, 0, null),
                new RunOutcome("m2", "m-alpha", RunStatus.FAILED, RunType.MANUAL, now.minusSeconds(30), 500L, 0, 0, 0, "boom")));
        conflicts.saveAll(List.of(new SyncConflict("mc1", "m-alpha", EntityType.USERS, "usr-1", "m1", SyncConflict.OPEN,
                Map.of(), Map.of("a", 1), Map.of("a", 2), List.of("a"), null, null, now, null)));
        api.get("/api/overview", VIEWER, 200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            String scrape = web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(scrape).contains(
                    "rostersync_health_runs{integration=\"m-alpha\",status=\"failed\"} 1.0",
                    "rostersync_health_runs{integration=\"m-alpha\",status=\"succeeded\"} 1.0",
                    "rostersync_health_records_applied{integration=\"m-alpha\"} 4.0",
                    "rostersync_health_conflicts_open{integration=\"m-alpha\"} 1.0",
                    "rostersync_health_deadletters_waiting{integration=\"m-alpha\"} 0.0",
                    "rostersync_health_feed_backlog",
                    "rostersync_health_stream_subscribers",
                    "http_server_requests_seconds_bucket{");
            assertThat(scrape).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/overview\"");
        });
    }
}
