package io.rostersync.localstack;

import io.rostersync.conflicts.ConflictServiceApplication;
import io.rostersync.deadletters.DeadLetterServiceApplication;
import io.rostersync.edfi.EdFiConnectorApplication;
import io.rostersync.gateway.WebhookGatewayApplication;
import io.rostersync.health.HealthApiApplication;
import io.rostersync.oneroster.OneRosterConnectorApplication;
import io.rostersync.orchestrator.OrchestratorApplication;
import io.rostersync.simulator.SisSimulatorApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole RosterSync stack in one JVM: the SIS simulator and every service, each in its own application
 * context with its own port and configuration, as they would run in separate processes. One JVM keeps the
 * local stack within a laptop's memory and start-up budget; the services still talk only through Kafka and
 * HTTP. Kafka and the Firestore emulator run outside (see {@code ./rostersync}).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final String SIS_SECRET_PROPERTY = "rostersync.local.sis-client-secret";
    private static final String WEBHOOK_SECRET_PROPERTY = "rostersync.local.demo-webhook-secret";
    private static final String SERVICE_TOKEN_PROPERTY = "rostersync.local.service-token";
    /** The id of the demo Ed-Fi integration (the OneRoster one's is configurable for the launcher's users). */
    public static final String DEMO_EDFI_INTEGRATION = "demo-edfi";

    private final StackSettings settings;
    private final Map<Service, ConfigurableApplicationContext> contexts = Collections.synchronizedMap(new EnumMap<>(Service.class));

    private LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts every service, then registers the demo OneRoster integration against the simulator.
     *
     * @throws IllegalStateException naming the service that did not start (the others are stopped again)
     */
    public static LocalStack start(StackSettings settings) {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startAll();
            stack.registerDemoIntegration();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public int port(Service service) {
        ConfigurableApplicationContext context = contexts.get(service);
        if (context instanceof WebServerApplicationContext web) {
            return web.getWebServer().getPort();
        }
        throw new IllegalStateException(service + " is not running");
    }

    public String url(Service service) {
        return "http://127.0.0.1:" + port(service);
    }

    public ConfigurableApplicationContext context(Service service) {
        return contexts.get(service);
    }

    public StackSettings settings() {
        return settings;
    }

    /** The URLs and credentials a user or script needs, in the form of {@code .rostersync/local.env}. */
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("GATEWAY_URL", url(Service.GATEWAY));
        env.put("HEALTH_URL", url(Service.HEALTH));
        env.put("ORCHESTRATOR_URL", url(Service.ORCHESTRATOR));
        env.put("CONFLICTS_URL", url(Service.CONFLICTS));
        env.put("DEADLETTERS_URL", url(Service.DEAD_LETTERS));
        env.put("SIMULATOR_URL", url(Service.SIMULATOR));
        env.put("ONEROSTER_BASE_URL", oneRosterBaseUrl());
        env.put("ONEROSTER_TOKEN_URL", url(Service.SIMULATOR) + "/oauth2/token");
        env.put("EDFI_BASE_URL", edFiBaseUrl());
        env.put("EDFI_TOKEN_URL", url(Service.SIMULATOR) + "/oauth/token");
        env.put("SIS_CLIENT_ID", settings.sisClientId());
        env.put("SIS_CLIENT_SECRET", settings.sisClientSecret());
        env.put("DEMO_INTEGRATION_ID", settings.demoIntegrationId());
        env.put("DEMO_EDFI_INTEGRATION_ID", DEMO_EDFI_INTEGRATION);
        env.put("DEMO_WEBHOOK_SECRET", settings.demoWebhookSecret());
        env.put("ADMIN_TOKEN", settings.adminToken());
        env.put("OPERATOR_TOKEN", settings.operatorToken());
        env.put("VIEWER_TOKEN", settings.viewerToken());
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
        env.put("FIRESTORE_EMULATOR_HOST", settings.firestoreEmulatorHost());
        env.put("FIRESTORE_PROJECT_ID", settings.firestoreProjectId());
        return env;
    }

    public String oneRosterBaseUrl() {
        return url(Service.SIMULATOR) + "/ims/oneroster/rostering/v1p2";
    }

    private void startAll() {
        long started = System.nanoTime();
        // The simulator first: it is the SIS the demo integration points at.
        start(Service.SIMULATOR, SisSimulatorApplication::builder,
                "--simulator.oauth.clients[0].client-id=" + settings.sisClientId(),
                "--simulator.oauth.clients[0].client-secret=" + settings.sisClientSecret(),
                // A list property is replaced as a whole by the highest source, so the client's scopes come along.
                "--simulator.oauth.clients[0].scopes[0]=https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly",
                "--simulator.oauth.clients[0].scopes[1]=https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly",
                "--simulator.oauth.clients[0].scopes[2]=https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly",
                "--simulator.district.students=" + settings.simulatorStudents());
        // Two at a time: on two cores more parallel context refreshes only add contention. The connectors come
        // before the orchestrator, which needs their URLs for connection tests.
        runInParallel(List.of(
                () -> start(Service.CONNECTOR_ONEROSTER, OneRosterConnectorApplication::builder,
                        "--" + SIS_SECRET_PROPERTY + "=" + settings.sisClientSecret()),
                () -> start(Service.CONNECTOR_EDFI, EdFiConnectorApplication::builder,
                        "--" + SIS_SECRET_PROPERTY + "=" + settings.sisClientSecret())), 2);
        List<Runnable> rest = List.of(
                () -> start(Service.ORCHESTRATOR, OrchestratorApplication::builder,
                        "--rostersync.orchestrator.connector-urls.oneroster=" + url(Service.CONNECTOR_ONEROSTER),
                        "--rostersync.orchestrator.connector-urls.edfi=" + url(Service.CONNECTOR_EDFI),
                        "--rostersync.orchestrator.connector-token-ref=config:" + SERVICE_TOKEN_PROPERTY,
                        "--" + SERVICE_TOKEN_PROPERTY + "=" + settings.operatorToken()),
                () -> start(Service.GATEWAY, WebhookGatewayApplication::builder,
                        "--" + WEBHOOK_SECRET_PROPERTY + "=" + settings.demoWebhookSecret()),
                () -> start(Service.CONFLICTS, ConflictServiceApplication::builder),
                () -> start(Service.DEAD_LETTERS, DeadLetterServiceApplication::builder));
        runInParallel(rest, 2);
        // Last: the dashboard's actions go to these services (with the caller's token), on the ports they got.
        start(Service.HEALTH, HealthApiApplication::builder,
                "--rostersync.health.peers.orchestrator-url=" + url(Service.ORCHESTRATOR),
                "--rostersync.health.peers.conflicts-url=" + url(Service.CONFLICTS),
                "--rostersync.health.peers.deadletters-url=" + url(Service.DEAD_LETTERS));
        log.info("all {} services started in {} ms", contexts.size(), (System.nanoTime() - started) / 1_000_000);
    }

    private void start(Service service, Supplier<SpringApplicationBuilder> builder, String... extraArgs) {
        List<String> args = new ArrayList<>(commonArgs(service));
        args.addAll(List.of(extraArgs));
        try {
            ConfigurableApplicationContext context = builder.get().run(args.toArray(String[]::new));
            contexts.put(service, context);
        } catch (RuntimeException e) {
            throw new IllegalStateException(service.moduleName() + " did not start: " + rootMessage(e), e);
        }
    }

    private List<String> commonArgs(Service service) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + settings.ports().get(service));
        args.add("--server.address=127.0.0.1");
        args.add("--rostersync.kafka.bootstrap-servers=" + settings.kafkaBootstrapServers());
        args.add("--rostersync.firestore.emulator-host=" + settings.firestoreEmulatorHost());
        args.add("--rostersync.firestore.project-id=" + settings.firestoreProjectId());
        args.add("--rostersync.security.tokens[0].name=admin");
        args.add("--rostersync.security.tokens[0].value=" + settings.adminToken());
        args.add("--rostersync.security.tokens[0].role=ADMIN");
        args.add("--rostersync.security.tokens[1].name=operator");
        args.add("--rostersync.security.tokens[1].value=" + settings.operatorToken());
        args.add("--rostersync.security.tokens[1].role=OPERATOR");
        args.add("--rostersync.security.tokens[2].name=viewer");
        args.add("--rostersync.security.tokens[2].value=" + settings.viewerToken());
        args.add("--rostersync.security.tokens[2].role=VIEWER");
        args.add("--spring.main.lazy-initialization=false");
        return args;
    }

    /** The demo integrations against the simulator: OneRoster 1.2 (webhooks on) and Ed-Fi (which takes pushes). */
    private void registerDemoIntegration() {
        register(settings.demoIntegrationId(), """
                {"name":"Demo district (simulator, OneRoster 1.2)","connector":"oneroster",
                 "connection":{"baseUrl":"%s","tokenUrl":"%s","version":"1.2","clientId":"%s",
                   "credentialRef":"config:%s",
                   "scopes":["https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly",
                             "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly"]},
                 "enabled":true,"conflictPolicy":"manual","webhookSecretRefs":["config:%s"]}
                """.formatted(oneRosterBaseUrl(), url(Service.SIMULATOR) + "/oauth2/token", settings.sisClientId(),
                SIS_SECRET_PROPERTY, WEBHOOK_SECRET_PROPERTY));
        register(DEMO_EDFI_INTEGRATION, """
                {"name":"Demo district (simulator, Ed-Fi ODS/API)","connector":"edfi",
                 "connection":{"baseUrl":"%s","tokenUrl":"%s","clientId":"%s","credentialRef":"config:%s"},
                 "enabled":true,"conflictPolicy":"manual"}
                """.formatted(edFiBaseUrl(), url(Service.SIMULATOR) + "/oauth/token", settings.sisClientId(), SIS_SECRET_PROPERTY));
    }

    public String edFiBaseUrl() {
        return url(Service.SIMULATOR) + "/data/v3";
    }

    private void register(String integrationId, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(Service.ORCHESTRATOR) + "/api/integrations/" + integrationId))
                .header("Authorization", "Bearer " + settings.adminToken())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("registering the demo integration " + integrationId + " failed: "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("registering the demo integration " + integrationId + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void runInParallel(List<Runnable> tasks, int parallelism) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallelism);
        try {
            List<java.util.concurrent.Future<?>> futures = tasks.stream().<java.util.concurrent.Future<?>>map(pool::submit).toList();
            for (java.util.concurrent.Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public void close() {
        List<Service> order = new ArrayList<>(contexts.keySet());
        Collections.reverse(order);
        for (Service service : order) {
            try {
                contexts.remove(service).close();
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly: {}", service.moduleName(), e.getMessage());
            }
        }
    }
}
