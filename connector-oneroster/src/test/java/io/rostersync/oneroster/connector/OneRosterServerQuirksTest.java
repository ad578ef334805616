package io.rostersync.oneroster.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.PullOutcome;
import io.rostersync.core.connector.RejectedRecord;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.core.testsupport.RecordingSink;
import io.rostersync.oneroster.OneRosterSettings;
import io.rostersync.oneroster.TestSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Server behaviour the simulator does not produce (missing paging headers, clamped limits, ignored offsets,
 * 429s, broken JSON, invalid records, early token expiry), from a tiny loopback HTTP server.
 */
class OneRosterServerQuirksTest {

    /** What the fake server answers for one users request. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    @FunctionalInterface
    interface UsersEndpoint {
        Answer answer(int limit, int offset, String authorization);
    }

    private HttpServer server;
    private volatile UsersEndpoint users;
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger userRequests = new AtomicInteger();
    private OneRosterConnector connector;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth2/token", exchange -> {
            int n = tokensIssued.incrementAndGet();
            respond(exchange, new Answer(200, Map.of(), "{\"access_token\":\"tok-" + n + "\",\"token_type\":\"bearer\",\"expires_in\":3600}"));
        });
        server.createContext("/api/users", exchange -> {
            userRequests.incrementAndGet();
            Map<String, String> query = query(exchange.getRequestURI());
            respond(exchange, users.answer(Integer.parseInt(query.get("limit")), Integer.parseInt(query.getOrDefault("offset", "0")),
                    exchange.getRequestHeaders().getFirst("Authorization")));
        });
        server.start();
        OneRosterSettings settings = TestSettings.fast().pageSize(3).readTimeout(Duration.ofSeconds(5)).maxRetries(2)
                .initialBackoff(Duration.ofMillis(5)).maxRetryAfter(Duration.ofSeconds(1)).build();
        connector = new OneRosterConnector(settings, new SecretResolver(new MockEnvironment().withProperty("s", "secret")),
                EventCodec.defaultMapper(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void pagesWithoutTotalOrLinkHeadersUntilAShortPage() {
        users = (limit, offset, auth) -> page(7, limit, offset, Map.of());

        RecordingSink sink = new RecordingSink();
        PullOutcome outcome = pull(sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactlyElementsOf(ids(7));
        assertThat(sink.batches).hasSize(3);
        assertThat(outcome.completeSnapshots()).containsExactly(EntityType.USERS);
    }

    @Test
    void aServerThatClampsTheLimitIsStillReadToTheEnd() {
        users = (limit, offset, auth) -> page(7, Math.min(limit, 2), offset, Map.of());

        RecordingSink sink = new RecordingSink();
        pull(sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactlyElementsOf(ids(7));
    }

    @Test
    void aServerThatIgnoresOffsetIsAProtocolError() {
        users = (limit, offset, auth) -> page(7, limit, 0, Map.of());

        assertThatThrownBy(() -> pull(new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("protocol"))
                .hasMessageContaining("same page");
    }

    @Test
    void rateLimitingIsRetriedHonouringRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        users = (limit, offset, auth) -> calls.incrementAndGet() == 1
                ? new Answer(429, Map.of("Retry-After", "0"), "{}")
                : page(2, limit, offset, Map.of("X-Total-Count", "2"));

        RecordingSink sink = new RecordingSink();
        pull(sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactlyElementsOf(ids(2));
    }

    @Test
    void persistentRateLimitingEndsAsRateLimited() {
        users = (limit, offset, auth) -> new Answer(429, Map.of("Retry-After", "0"), "{}");

        assertThatThrownBy(() -> pull(new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("rate-limited"));
        assertThat(userRequests).hasValue(3);
    }

    @Test
    void persistentServerErrorsEndAsUnreachable() {
        users = (limit, offset, auth) -> new Answer(503, Map.of(), "{}");

        assertThatThrownBy(() -> pull(new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining("503");
    }

    @Test
    void malformedJsonIsAProtocolError() {
        users = (limit, offset, auth) -> new Answer(200, Map.of(), "{\"users\": [ {\"sourcedId\": ");

        assertThatThrownBy(() -> pull(new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("protocol"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aBodyOfTheWrongShapeIsAProtocolError() {
        users = (limit, offset, auth) -> new Answer(200, Map.of(), "{\"people\": []}");

        assertThatThrownBy(() -> pull(new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("protocol"))
                .hasMessageContaining("'users' array");
    }

    @Test
    void invalidRecordsAreRejectedWithTheReasonCountedAsFailedAndTheRestDelivered() {
        users = (limit, offset, auth) -> offset > 0 ? new Answer(200, Map.of(), "{\"users\":[]}") : new Answer(200, Map.of(), """
                {"users":[
                  %s,
                  {"sourcedId":"usr-bad-1","status":"active","dateLastModified":"2026-11-01T00:00:00.000Z","familyName":"X","roles":[{"role":"student"}]},
                  {"sourcedId":"usr-bad-2","status":"maybe","dateLastModified":"2026-11-01T00:00:00.000Z"},
                  {"status":"active","dateLastModified":"2026-11-01T00:00:00.000Z","givenName":"No","familyName":"Id"}
                ]}""".formatted(user(1)));

        RecordingSink sink = new RecordingSink();
        PullOutcome outcome = pull(sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactly("usr-1");
        assertThat(sink.batches.get(0).failed()).isEqualTo(3);
        assertThat(sink.rejected).extracting(RejectedRecord::sourcedId).containsExactly("usr-bad-1", "usr-bad-2", null);
        assertThat(sink.rejected).extracting(RejectedRecord::reason).containsExactly("lacks the required field givenName",
                "has no valid status (active or tobedeleted)", "has no sourcedId");
        assertThat(sink.rejected.get(0).raw()).contains("\"usr-bad-1\"").contains("\"familyName\":\"X\"");
        assertThat(sink.rejected).allSatisfy(r -> assertThat(r.entityType()).isEqualTo(EntityType.USERS));
        assertThat(outcome.completeSnapshots()).as("rejected records are still in the SIS: no sweep may delete them").isEmpty();
        assertThat(outcome.cursorAfter()).containsKey(EntityType.USERS);
    }

    @Test
    void recordsRepeatedAcrossAPageBoundaryAreDeliveredOnce() {
        // A record inserted before offset 3 while paging shifts usr-3 onto the second page as well.
        users = (limit, offset, auth) -> switch (offset) {
            case 0 -> page(7, limit, 0, Map.of());
            case 3 -> new Answer(200, Map.of(), "{\"users\":[" + user(3) + "," + user(4) + "," + user(5) + "]}");
            default -> new Answer(200, Map.of(), "{\"users\":[]}");
        };

        RecordingSink sink = new RecordingSink();
        pull(sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactly("usr-1", "usr-2", "usr-3", "usr-4", "usr-5");
    }

    @Test
    void aRefusedTokenIsRenewedOnceAndTheRequestRepeated() {
        users = (limit, offset, auth) -> "Bearer tok-1".equals(auth)
                ? new Answer(401, Map.of(), "{\"imsx_description\":\"token expired\"}")
                : page(2, limit, offset, Map.of("X-Total-Count", "2"));

        RecordingSink sink = new RecordingSink();
        pull(sink);

        assertThat(sink.ids(EntityType.USERS)).containsExactlyElementsOf(ids(2));
        assertThat(tokensIssued).hasValue(2);
    }

    @Test
    void aTokenRefusedEvenWhenFreshIsAnAuthError() {
        users = (limit, offset, auth) -> new Answer(401, Map.of(), "{}");

        assertThatThrownBy(() -> pull(new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("auth"))
                .hasMessageContaining("freshly issued token");
    }

    @Test
    void aCollectionThatChangesWhilePagingIsNeitherCompleteNorMovesTheCursor() {
        // The declared total grows between pages: offsets shifted, so a record may have been skipped.
        users = (limit, offset, auth) -> page(offset == 0 ? 5 : 6, limit, offset, Map.of("X-Total-Count", offset == 0 ? "5" : "6"));

        PullOutcome outcome = pull(new RecordingSink());

        assertThat(outcome.completeSnapshots()).isEmpty();
        assertThat(outcome.cursorAfter()).doesNotContainKey(EntityType.USERS);
    }

    // ------------------------------------------------------------------ helpers

    private PullOutcome pull(RecordingSink sink) {
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        ConnectionSettings connection = new ConnectionSettings(root + "/api", root + "/oauth2/token", "1.2", "client", "config:s", List.of());
        return connector.pull(new PullCommand("run-1", "int-1", connection, PullMode.FULL, List.of(EntityType.USERS), Map.of(), Map.of()), sink);
    }

    private static Answer page(int total, int limit, int offset, Map<String, String> headers) {
        String records = IntStream.range(offset, Math.min(total, offset + limit)).mapToObj(i -> user(i + 1)).collect(Collectors.joining(","));
        return new Answer(200, headers, "{\"users\":[" + records + "]}");
    }

    private static String user(int n) {
        return """
                {"sourcedId":"usr-%d","status":"active","dateLastModified":"2026-11-0%dT00:00:00.000Z","givenName":"G","familyName":"F",
                 "roles":[{"roleType":"primary","role":"student","org":{"sourcedId":"org-1"}}]}""".formatted(n, Math.min(n, 9));
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("usr-" + i);
        }
        return ids;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
