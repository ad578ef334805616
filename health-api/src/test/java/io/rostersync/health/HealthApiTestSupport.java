package io.rostersync.health;

import io.rostersync.core.testsupport.OpenApiContract;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One health API for all its integration tests (Spring reuses the context): the JVM's broker and Firestore emulator,
 * three static tokens, the peers stubbed, and the schedules short so tests need not wait long.
 */
@SpringBootTest(classes = HealthApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=health-api",
                "rostersync.security.tokens[0].name=admin",
                "rostersync.security.tokens[0].value=" + HealthApiTestSupport.ADMIN,
                "rostersync.security.tokens[0].role=ADMIN",
                "rostersync.security.tokens[1].name=viewer",
                "rostersync.security.tokens[1].value=" + HealthApiTestSupport.VIEWER,
                "rostersync.security.tokens[1].role=VIEWER",
                "rostersync.security.tokens[2].name=operator",
                "rostersync.security.tokens[2].value=" + HealthApiTestSupport.OPERATOR,
                "rostersync.security.tokens[2].role=OPERATOR",
                "rostersync.health.backlog.refresh=500ms",
                "rostersync.health.consumer-lag.refresh=500ms",
                "rostersync.health.metrics.refresh=500ms",
                "rostersync.health.stream.heartbeat=2s",
                "rostersync.health.peers.timeout=5s"})
public abstract class HealthApiTestSupport {

    public static final String ADMIN = "admin-token-0123456789";
    public static final String VIEWER = "viewer-token-0123456789";
    public static final String OPERATOR = "operator-token-0123456789";
    protected static final StubPeers PEERS = StubPeers.start();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        registry.add("rostersync.health.peers.orchestrator-url", () -> PEERS.url() + "/orchestrator");
        registry.add("rostersync.health.peers.conflicts-url", () -> PEERS.url() + "/conflicts");
        registry.add("rostersync.health.peers.deadletters-url", () -> PEERS.url() + "/deadletters");
    }

    @LocalServerPort
    protected int port;
    protected WebTestClient web;
    protected OpenApiContract api;

    @BeforeEach
    void connect() {
        TestInfrastructure.clearFirestore();
        PEERS.reset();
        web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(40))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
        api = new OpenApiContract(web);
    }
}
