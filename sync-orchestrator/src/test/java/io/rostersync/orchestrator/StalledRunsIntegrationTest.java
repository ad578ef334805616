package io.rostersync.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.core.testsupport.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A run whose connector never answers is failed when its heartbeat stops, and retried until the attempts run out. */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=sync-orchestrator", "rostersync.orchestrator.heartbeat-timeout=2s",
        "rostersync.orchestrator.watchdog-interval=500ms", "rostersync.orchestrator.max-attempts=2"})
class StalledRunsIntegrationTest {

    private static final String INTEGRATION = "silent-district";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired
    EventPublisher publisher;
    @Autowired
    Integrations integrations;
    @Autowired
    SyncRuns runs;

    @Test
    void aStalledRunIsFailedWithTheReasonAndRetriedUntilTheAttemptsRunOut() {
        TestInfrastructure.clearFirestore();
        integrations.save(new Integration(INTEGRATION, "Silent", ConnectorType.ONEROSTER,
                new ConnectionSettings("http://127.0.0.1:1/v1p2", "http://127.0.0.1:1/token", "1.2", "c", "config:x", List.of()),
                null, true, "manual", List.of(), Instant.now(), Instant.now()));
        try (TopicProbe commands = TopicProbe.open(Topics.ONEROSTER_COMMANDS)) {
            publisher.publishAndWait(Topics.SYNC_REQUESTS, INTEGRATION, UUID.randomUUID().toString(), null,
                    new SyncRequested(INTEGRATION, RunType.MANUAL, Direction.PULL, List.of(), "tester", Instant.now()));
            PullCommand first = commands.next(PullCommand.class);
            PullCommand retry = commands.next(PullCommand.class);

            SyncRun stalled = runs.find(first.runId()).orElseThrow();
            assertThat(stalled.status()).isEqualTo(RunStatus.FAILED);
            assertThat(stalled.error()).contains("no progress");
            assertThat(runs.find(retry.runId()).orElseThrow().attempt()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(runs.find(retry.runId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED));
            assertThat(runs.page(INTEGRATION, 10, null, null, null)).hasSize(2);
        }
    }
}
