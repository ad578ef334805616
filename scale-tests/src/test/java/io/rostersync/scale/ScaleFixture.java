package io.rostersync.scale;

import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.edfi.EdFiConnectorApplication;
import io.rostersync.oneroster.OneRosterConnectorApplication;
import io.rostersync.orchestrator.OrchestratorApplication;
import io.rostersync.orchestrator.runs.RunDispatcher;
import io.rostersync.simulator.testsupport.RunningSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a whole-district sync needs, in one test JVM: the broker, the emulator, the simulator with a district of
 * the asked size, and services either in this JVM or as child processes ({@link ServiceProcess}) where a test must
 * kill one or hold it to its own heap. Services talk only through Kafka, Firestore and HTTP, as in production.
 */
final class ScaleFixture implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ScaleFixture.class);

    static final String SECRET_PROPERTY = "scale.sis-secret";
    static final String OPERATOR_TOKEN = "scale-operator-token-0123456789";

    private final List<AutoCloseable> running = new ArrayList<>();
    private final RunningSimulator simulator = RunningSimulator.instance();
    private ConfigurableApplicationContext anyContext;

    /** Regenerates the simulator's district with {@code students} students (same seed, reproducible). */
    ScaleFixture district(int students) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.root() + "/admin/district/regenerate"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString("{\"students\":" + students + "}")).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("district not generated: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    RunningSimulator simulator() {
        return simulator;
    }

    /** Starts a service in this JVM. */
    ScaleFixture inProcess(SpringApplicationBuilder builder) {
        List<String> args = commonArgs();
        args.add("--server.port=0");
        args.add("--server.address=127.0.0.1");
        ConfigurableApplicationContext context = builder.run(args.toArray(String[]::new));
        running.add(context::close);
        anyContext = anyContext == null ? context : anyContext;
        return this;
    }

    ScaleFixture oneRosterConnectorInProcess() {
        return inProcess(OneRosterConnectorApplication.builder());
    }

    ScaleFixture edFiConnectorInProcess() {
        return inProcess(EdFiConnectorApplication.builder());
    }

    ScaleFixture orchestratorInProcess() {
        return inProcess(OrchestratorApplication.builder());
    }

    /** The orchestrator as a child process (it can be killed); close it or kill it yourself. */
    ServiceProcess orchestratorProcess(String heap) {
        return ServiceProcess.start("orchestrator", OrchestratorApplication.class.getName(), heap,
                io.rostersync.core.testsupport.FreePorts.find(), commonArgs());
    }

    /** A connector as a child process with its own heap limit, stopped with the fixture. */
    ServiceProcess connectorProcess(ConnectorType connector, String heap) {
        Class<?> main = connector == ConnectorType.ONEROSTER ? OneRosterConnectorApplication.class : EdFiConnectorApplication.class;
        ServiceProcess process = ServiceProcess.start("connector-" + connector.value(), main.getName(), heap,
                io.rostersync.core.testsupport.FreePorts.find(), commonArgs());
        running.add(process);
        return process;
    }

    private static List<String> commonArgs() {
        return new ArrayList<>(List.of(
                "--rostersync.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers(),
                "--rostersync.firestore.emulator-host=" + FirestoreEmulator.instance().hostPort(),
                "--rostersync.firestore.project-id=" + FirestoreEmulator.PROJECT_ID,
                "--rostersync.security.tokens[0].name=operator",
                "--rostersync.security.tokens[0].value=" + OPERATOR_TOKEN,
                "--rostersync.security.tokens[0].role=OPERATOR",
                "--" + SECRET_PROPERTY + "=" + RunningSimulator.SECRET,
                "--logging.level.io.rostersync=INFO"));
    }

    private <T> T bean(Class<T> type) {
        if (anyContext == null) {
            throw new IllegalStateException("start a service in this JVM first");
        }
        return anyContext.getBean(type);
    }

    Firestore firestore() {
        return bean(Firestore.class);
    }

    SyncRuns runs() {
        return bean(SyncRuns.class);
    }

    void oneRosterIntegration(String integrationId) {
        bean(Integrations.class).save(new Integration(integrationId, integrationId, ConnectorType.ONEROSTER,
                new ConnectionSettings(simulator.root() + "/ims/oneroster/rostering/v1p2", simulator.root() + "/oauth2/token", "1.2",
                        RunningSimulator.CLIENT_ID, "config:" + SECRET_PROPERTY,
                        List.of("https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly",
                                "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly")),
                null, true, "manual", List.of(), Instant.now(), Instant.now(), null));
    }

    void edFiIntegration(String integrationId) {
        bean(Integrations.class).save(new Integration(integrationId, integrationId, ConnectorType.EDFI,
                new ConnectionSettings(simulator.root() + "/data/v3", simulator.root() + "/oauth/token", null,
                        RunningSimulator.CLIENT_ID, "config:" + SECRET_PROPERTY, List.of()),
                null, true, "manual", List.of(), Instant.now(), Instant.now(), null));
    }

    /** Asks for a pull as Run Sync Now does; returns the id of the run it becomes. */
    String requestPull(String integrationId, PullMode mode) {
        String eventId = UUID.randomUUID().toString();
        bean(EventPublisher.class).publishAndWait(Topics.SYNC_REQUESTS, integrationId, eventId, null,
                new SyncRequested(integrationId, RunType.MANUAL, Direction.PULL, List.of(), "scale-test", Instant.now(), mode));
        return RunDispatcher.runIdFor(eventId);
    }

    SyncRun awaitEnd(String runId, Duration atMost) {
        long[] lastLog = {System.nanoTime()};
        // A busy emulator may not answer one poll in time (say while a 500,000-record sweep runs): poll again.
        return await("run " + runId + " ends").atMost(atMost).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> runs().find(runId).orElse(null), run -> {
                    if (run != null && System.nanoTime() - lastLog[0] > 30_000_000_000L) {
                        // Progress for whoever watches a long benchmark: status, records applied, last heartbeat.
                        log.info("run {}: {} with {} records applied, heartbeat {}", runId, run.status().value(), run.counts().fetched(),
                                run.heartbeatAt());
                        lastLog[0] = System.nanoTime();
                    }
                    return run != null && !run.status().active();
                });
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // Keep closing the rest: a failed stop must not leave the other services running.
            }
        }
    }
}
