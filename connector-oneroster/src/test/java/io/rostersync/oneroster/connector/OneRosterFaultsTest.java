package io.rostersync.oneroster.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.PullOutcome;
import io.rostersync.core.connector.http.CircuitBreakerSettings;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.testsupport.RecordingSink;
import io.rostersync.oneroster.Simulator;
import io.rostersync.oneroster.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every fault kind the simulator injects ({@code /admin/faults}), against the OneRoster 1.2 API over real HTTP: what
 * resilience absorbs (429 with Retry-After, 5xx, latency, timeouts, resets, missing paging headers, a next link to an
 * empty page, expiring tokens) and what ends the pull with a clear cause.
 */
class OneRosterFaultsTest {

    private static final String SECRET_REF = "config:test.sis.secret";
    private static final String USERS = "/ims/oneroster/rostering/v1p2/users";

    private final Simulator sim = Simulator.instance();

    @BeforeEach
    void freshDistrict() {
        sim.heal();
        sim.regenerate();
    }

    @AfterEach
    void heal() {
        sim.heal();
    }

    private static OneRosterConnector connector(TestSettings settings) {
        return OneRosterConnectorTest.connector(settings.build());
    }

    private PullCommand full(String integrationId, EntityType... types) {
        return new PullCommand("run-f", integrationId, sim.connection(SECRET_REF), PullMode.FULL, List.of(types), Map.of(), Map.of());
    }

    private static String rule(String path, String kind, String extra) {
        return "{\"pathPattern\":\"" + path + "\",\"kind\":\"" + kind + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private void assertEveryUserOnce(RecordingSink sink) {
        assertThat((long) sink.ids(EntityType.USERS).size()).isEqualTo(sim.counts().get("users"));
        assertThat(sink.ids(EntityType.USERS)).doesNotHaveDuplicates();
    }

    private int applied() {
        int applied = 0;
        for (JsonNode rule : sim.faultRules()) {
            applied += rule.path("applied").asInt();
        }
        return applied;
    }

    @Test
    void rateLimitingWithRetryAfterIsWaitedOutAndNothingIsLost() {
        sim.faults(rule(USERS, "status", "\"status\":429,\"retryAfterSeconds\":1,\"count\":2"));
        RecordingSink sink = new RecordingSink();

        long started = System.nanoTime();
        PullOutcome outcome = connector(TestSettings.fast().maxRetries(3)).pull(full("int-429", EntityType.USERS), sink);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEveryUserOnce(sink);
        assertThat(outcome.completeSnapshots()).containsExactly(EntityType.USERS);
        assertThat(applied()).isEqualTo(2);
        assertThat(took).as("two Retry-After: 1 honoured, not the 10 ms backoff").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void serverErrorsAreRetriedOnResourcesAndTheTokenEndpoint() {
        sim.faults(rule("/oauth2/token", "status", "\"status\":500,\"count\":1"),
                rule(USERS, "status", "\"status\":503,\"count\":2"));
        RecordingSink sink = new RecordingSink();

        connector(TestSettings.fast().maxRetries(2)).pull(full("int-5xx", EntityType.USERS), sink);

        assertEveryUserOnce(sink);
        assertThat(applied()).isEqualTo(3);
    }

    @Test
    void aSisThatKeepsAnswering503FailsThePullAsUnreachableNamingTheAnswer() {
        sim.faults(rule(USERS, "status", "\"status\":503"));

        assertThatThrownBy(() -> connector(TestSettings.fast().maxRetries(2)).pull(full("int-down", EntityType.USERS), new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining(USERS).hasMessageContaining("answered 503").hasMessageContaining("on all 3 attempts");
    }

    @Test
    void latencyBelowTheReadTimeoutOnlySlowsThePullDown() {
        sim.faults(rule(USERS, "latency", "\"latencyMillis\":300,\"count\":3"));
        RecordingSink sink = new RecordingSink();

        connector(TestSettings.fast()).pull(full("int-slow", EntityType.USERS), sink);

        assertEveryUserOnce(sink);
        assertThat(applied()).isEqualTo(3);
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutIsAbandonedAndAskedAgain() {
        sim.faults(rule(USERS, "timeout", "\"latencyMillis\":3000,\"count\":1"));
        RecordingSink sink = new RecordingSink();

        connector(TestSettings.fast().readTimeout(Duration.ofSeconds(1))).pull(full("int-timeout", EntityType.USERS), sink);

        assertEveryUserOnce(sink);
        assertThat(applied()).isEqualTo(1);
    }

    @Test
    void aSisThatNeverAnswersInTimeFailsThePullAsUnreachable() {
        sim.faults(rule(USERS, "timeout", "\"latencyMillis\":3000"));

        assertThatThrownBy(() -> connector(TestSettings.fast().maxRetries(1).readTimeout(Duration.ofMillis(500)))
                .pull(full("int-hang", EntityType.USERS), new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining("did not answer within 500 ms (2 attempts)");
    }

    @Test
    void resetConnectionsAreRetried() {
        sim.faults(rule(USERS, "reset", "\"count\":2"));
        RecordingSink sink = new RecordingSink();

        connector(TestSettings.fast().maxRetries(2)).pull(full("int-reset", EntityType.USERS), sink);

        assertEveryUserOnce(sink);
        assertThat(applied()).isEqualTo(2);
    }

    @Test
    void aSisThatResetsEveryConnectionFailsThePullAsUnreachable() {
        sim.faults(rule("/**", "reset", ""));

        assertThatThrownBy(() -> connector(TestSettings.fast().maxRetries(1)).pull(full("int-rst", EntityType.USERS), new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining(sim.tokenUrl()).hasMessageContaining("failed: IOException").hasMessageContaining("(2 attempts)");
    }

    @Test
    void aTruncatedJsonBodyFailsThePullAsAProtocolError() {
        sim.faults(rule(USERS, "malformed-json", "\"count\":1"));

        assertThatThrownBy(() -> connector(TestSettings.fast()).pull(full("int-json", EntityType.USERS), new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("protocol"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void withoutPagingHeadersTheCollectionIsStillReadToTheEndExactlyOnce() {
        sim.faults(rule(USERS, "no-paging-headers", ""));
        RecordingSink sink = new RecordingSink();

        PullOutcome outcome = connector(TestSettings.fast().pageSize(50)).pull(full("int-nohdr", EntityType.USERS), sink);

        assertEveryUserOnce(sink);
        assertThat(outcome.completeSnapshots()).containsExactly(EntityType.USERS);
        assertThat(applied()).as("214 users in pages of 50: the short fifth page ends the walk").isEqualTo(5);
    }

    @Test
    void aNextLinkToAnEmptyPageEndsThePagingCleanly() {
        // 214 users in two pages of 107 end exactly at the total; the fault adds a next link from the last page to an empty one.
        sim.faults(rule(USERS, "empty-next-page", ""));
        RecordingSink sink = new RecordingSink();

        PullOutcome outcome = connector(TestSettings.fast().pageSize(107)).pull(full("int-next", EntityType.USERS), sink);

        assertEveryUserOnce(sink);
        assertThat(sink.batches).allSatisfy(b -> assertThat(b.records()).isNotEmpty());
        assertThat(outcome.completeSnapshots()).containsExactly(EntityType.USERS);
    }

    @Test
    void tokensThatExpireEarlyAreRenewedAndThePullCompletes() {
        sim.faults("{\"kind\":\"token-expiry\",\"tokenMaxRequests\":3}");
        OneRosterConnector connector = connector(TestSettings.fast().pageSize(50));
        RecordingSink sink = new RecordingSink();

        connector.pull(full("int-tok", EntityType.USERS, EntityType.ENROLLMENTS), sink);

        assertEveryUserOnce(sink);
        assertThat((long) sink.ids(EntityType.ENROLLMENTS).size()).isEqualTo(sim.counts().get("enrollments"));
        // 5 user pages and 13 enrollment pages, 3 requests per token.
        assertThat(connector.tokenRequestsSent()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void shortLivedTokensAreRenewedBeforeTheyExpire() {
        sim.faults("{\"kind\":\"token-expiry\",\"tokenLifetimeSeconds\":2}");
        RecordingSink sink = new RecordingSink();

        OneRosterConnector connector = connector(TestSettings.fast().pageSize(20).requestsPerSecond(10));
        connector.pull(full("int-short", EntityType.USERS), sink);

        assertEveryUserOnce(sink);
        assertThat(connector.tokenRequestsSent()).as("11 pages at 10 per second outlive a 2 s token").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aClientWithoutTheDemographicsScopeGetsAClearAuthError() {
        ConnectionSettings coreOnly = new ConnectionSettings(sim.baseUrl(), sim.tokenUrl(), "1.2", Simulator.CLIENT_ID, SECRET_REF,
                List.of("https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly"));

        assertThatThrownBy(() -> connector(TestSettings.fast()).pull(new PullCommand("run-f", "int-scope", coreOnly, PullMode.FULL,
                List.of(EntityType.DEMOGRAPHICS), Map.of(), Map.of()), new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("auth"))
                .hasMessageContaining("answered 403").hasMessageContaining("roster-core.readonly");
    }

    @Test
    void theRateLimitSpacesTheRequestsToOneIntegration() {
        RecordingSink sink = new RecordingSink();

        long started = System.nanoTime();
        connector(TestSettings.fast().pageSize(2).requestsPerSecond(5))
                .pull(full("int-rps", EntityType.ORGS, EntityType.ACADEMIC_SESSIONS, EntityType.COURSES), sink);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // 1 token + 2 + 4 + 6 pages = 13 requests, one every 200 ms.
        assertThat(sink.batches).hasSize(12);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2300));
    }

    @Test
    void anOpenCircuitFailsPullsFastNamingTheCauseAndClosesAfterTheSisRecovers() {
        OneRosterConnector connector = connector(TestSettings.fast().maxRetries(1)
                .circuitBreaker(new CircuitBreakerSettings(50, 4, 4, Duration.ofMillis(500), 1)));
        sim.faults(rule("/**", "status", "\"status\":503"));
        assertThatThrownBy(() -> connector.pull(full("int-cb", EntityType.ORGS), new RecordingSink())).hasMessageContaining("503");
        assertThatThrownBy(() -> connector.pull(full("int-cb", EntityType.ORGS), new RecordingSink())).hasMessageContaining("503");
        int calls = applied();

        assertThatThrownBy(() -> connector.pull(full("int-cb", EntityType.ORGS), new RecordingSink()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining("circuit breaker for int-cb is open because its SIS kept failing");
        assertThat(applied()).as("the open circuit kept the SIS from being called").isEqualTo(calls);
        assertThat(connector.circuitState("int-other")).isEqualTo("CLOSED");

        sim.heal();
        RecordingSink sink = new RecordingSink();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).ignoreException(ConnectorException.class)
                .until(() -> {
                    sink.batches.clear();
                    connector.pull(full("int-cb", EntityType.ORGS), sink);
                    return true;
                });
        assertThat((long) sink.ids(EntityType.ORGS).size()).isEqualTo(sim.counts().get("orgs"));
        assertThat(connector.circuitState("int-cb")).isEqualTo("CLOSED");
    }
}
