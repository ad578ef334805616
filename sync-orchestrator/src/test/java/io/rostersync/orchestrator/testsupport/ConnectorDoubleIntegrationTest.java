package io.rostersync.orchestrator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.testsupport.OpenApiContract;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the orchestrator's integration tests that play the connector themselves: the shared broker and emulator,
 * an empty Firestore and a fresh {@link ConnectorDouble} per test, and the API checked against its OpenAPI description.
 * Subclasses carry their own {@code @SpringBootTest} properties (tokens, intervals) and {@code @AutoConfigureWebTestClient}.
 */
public abstract class ConnectorDoubleIntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired
    protected EventPublisher publisher;
    @Autowired
    protected EventCodec codec;
    @Autowired
    protected Integrations integrations;
    @Autowired
    protected SyncRuns runs;
    @Autowired
    protected SyncCursors cursors;
    @Autowired
    protected Firestore firestore;
    @Autowired
    protected WebTestClient client;

    protected ConnectorDouble connector;
    protected OpenApiContract api;

    /** Runs before the subclass's own {@code @BeforeEach}, so what that saves lands in the emptied store. */
    @BeforeEach
    void freshStoreAndConnector() {
        TestInfrastructure.clearFirestore();
        connector = new ConnectorDouble(codec, publisher);
        api = new OpenApiContract(client);
    }

    @AfterEach
    void closeConnector() {
        connector.close();
    }

    /** An enabled OneRoster integration whose SIS is never called: the tests answer its commands themselves. */
    protected static Integration oneRosterIntegration(String integrationId, String name) {
        return new Integration(integrationId, name, ConnectorType.ONEROSTER,
                new ConnectionSettings("http://127.0.0.1:1/ims/oneroster/rostering/v1p2", "http://127.0.0.1:1/oauth2/token",
                        "1.2", "client", "config:unused", List.of()),
                null, true, "manual", List.of(), Instant.now(), Instant.now());
    }

    protected SyncRun awaitStatus(String runId, RunStatus status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs.find(runId)).get()
                .extracting(SyncRun::status).isEqualTo(status));
        return runs.find(runId).orElseThrow();
    }
}
