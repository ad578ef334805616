package io.rostersync.edfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.PullOutcome;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.OutboxChange;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.testsupport.RecordingSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults the simulator cannot inject on Ed-Fi paths (its {@code /admin/faults} covers OneRoster only), from a tiny
 * loopback Ed-Fi server: 429 with Retry-After, 5xx, 401 token renewal, servers without page tokens.
 */
class EdFiServerQuirksTest {

    private HttpServer server;
    private String root;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Handler studentsHandler;
    private volatile Handler putHandler;

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth/token", exchange -> {
            tokenRequests.incrementAndGet();
            respond(exchange, 200, "{\"access_token\":\"tok-" + tokenRequests.get() + "\",\"expires_in\":3600,\"token_type\":\"bearer\"}", Map.of());
        });
        server.createContext("/changeQueries/v1/availableChangeVersions", exchange ->
                respond(exchange, 200, "{\"oldestChangeVersion\":0,\"newestChangeVersion\":10}", Map.of()));
        server.createContext("/data/v3/ed-fi/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/students") && exchange.getRequestMethod().equals("GET")) {
                studentsHandler.handle(exchange);
            } else if (exchange.getRequestMethod().equals("PUT")) {
                putHandler.handle(exchange);
            } else if (path.matches(".*/students/[0-9a-f]{32}")) {
                respond(exchange, 200, student("S1", "2"), Map.of());
            } else {
                respond(exchange, 200, "[]", Map.of());
            }
        });
        server.start();
        root = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ConnectionSettings connection() {
        return new ConnectionSettings(root + "/data/v3", root + "/oauth/token", "7", Simulator.CLIENT_ID, "config:test.sis.secret", List.of());
    }

    private PullCommand pullUsers() {
        return new PullCommand("r", "i", connection(), PullMode.FULL, List.of(EntityType.USERS), Map.of(), Map.of());
    }

    private static String student(String uniqueId, String etag) {
        return "{\"id\":\"" + EdFiRecords.md5("students/" + uniqueId) + "\",\"studentUniqueId\":\"" + uniqueId
                + "\",\"firstName\":\"A\",\"lastSurname\":\"B\",\"birthDate\":\"2010-01-01\",\"_etag\":\"" + etag
                + "\",\"_lastModifiedDate\":\"2026-07-01T00:00:00Z\"}";
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        exchange.getRequestBody().readAllBytes();
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Test
    void rateLimitedAndFailingPagesAreRetriedHonouringRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        studentsHandler = exchange -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                respond(exchange, 429, "{\"detail\":\"slow down\"}", Map.of("Retry-After", "0"));
            } else if (n == 2) {
                respond(exchange, 503, "{\"detail\":\"busy\"}", Map.of());
            } else {
                respond(exchange, 200, "[" + student("S1", "5") + "]", Map.of());
            }
        };
        RecordingSink sink = new RecordingSink();

        PullOutcome outcome = EdFiConnectorTest.connector(50).pull(pullUsers(), sink);

        assertThat(calls.get()).isEqualTo(3);
        assertThat(sink.records(EntityType.USERS)).singleElement().satisfies(r -> assertThat(r.etag()).isEqualTo("5"));
        assertThat(outcome.cursorAfter()).containsEntry(EntityType.USERS, "10");
    }

    @Test
    void anItemThatCannotBeMappedIsDeadLetteredWithTheReasonAndThePullGoesOn() {
        String broken = "{\"studentUniqueId\":\"S2\",\"firstName\":\"C\",\"lastSurname\":\"D\"}";
        studentsHandler = exchange -> respond(exchange, 200, "[" + student("S1", "5") + "," + broken + "]", Map.of());
        RecordingSink sink = new RecordingSink();

        PullOutcome outcome = EdFiConnectorTest.connector(50).pull(pullUsers(), sink);

        assertThat(sink.records(EntityType.USERS)).hasSize(1);
        assertThat(sink.rejected).singleElement().satisfies(rejected -> {
            assertThat(rejected.entityType()).isEqualTo(EntityType.USERS);
            assertThat(rejected.reason()).isEqualTo("Ed-Fi students item has no id");
            assertThat(rejected.raw()).contains("S2");
        });
        assertThat(sink.failed()).isEqualTo(1);
        // The rejected student is still in the SIS: a complete snapshot would let the sweep tombstone it.
        assertThat(outcome.completeSnapshots()).doesNotContain(EntityType.USERS);
    }

    @Test
    void aServerThatKeepsFailingEndsThePullAsATransientFailure() {
        studentsHandler = exchange -> respond(exchange, 429, "{}", Map.of("Retry-After", "0"));

        assertThatThrownBy(() -> EdFiConnectorTest.connector(50).pull(pullUsers(), new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo("rate-limited");
                    assertThat(e.transientFailure()).isTrue();
                });
    }

    @Test
    void aRefusedTokenIsRenewedOnce() {
        AtomicInteger calls = new AtomicInteger();
        studentsHandler = exchange -> {
            if (calls.incrementAndGet() == 1) {
                respond(exchange, 401, "{}", Map.of("WWW-Authenticate", "Bearer"));
            } else {
                respond(exchange, 200, "[" + student("S1", "5") + "]", Map.of());
            }
        };
        RecordingSink sink = new RecordingSink();

        EdFiConnectorTest.connector(50).pull(pullUsers(), sink);

        assertThat(tokenRequests.get()).isEqualTo(2);
        assertThat(sink.records(EntityType.USERS)).hasSize(1);
    }

    @Test
    void withoutPageTokensItPagesByOffsetInsideTheWindow() {
        studentsHandler = exchange -> {
            String query = exchange.getRequestURI().getQuery();
            if (query.contains("pageToken")) {
                respond(exchange, 400, "{\"detail\":\"unknown parameter pageToken\"}", Map.of());
            } else if (query.contains("offset=0&")) {
                respond(exchange, 200, "[" + student("S1", "1") + "," + student("S2", "2") + "]", Map.of());
            } else {
                respond(exchange, 200, "[" + student("S3", "3") + "]", Map.of());
            }
        };
        RecordingSink sink = new RecordingSink();

        EdFiConnectorTest.connector(2).pull(pullUsers(), sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactly("S1", "S2", "S3");
        assertThat(requests).anyMatch(r -> r.contains("offset=2&limit=2&maxChangeVersion=10"));
    }

    @Test
    void aPushThatKeepsHittingServerErrorsFailsAfterRetries() {
        AtomicInteger puts = new AtomicInteger();
        putHandler = exchange -> {
            puts.incrementAndGet();
            respond(exchange, 500, "{\"detail\":\"boom\"}", Map.of());
        };

        PushResult result = EdFiConnectorTest.connector(50).push(new PushCommand("r", "i", connection(), List.of(
                new OutboxChange("c1", EntityType.USERS, "S1", "2", Map.of("familyName", "X"), Instant.now()))));

        assertThat(result.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(PushResult.Status.FAILED);
            assertThat(o.reason()).startsWith("[unreachable]");
        });
        assertThat(puts.get()).isEqualTo(3);
    }
}
