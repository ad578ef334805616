package io.rostersync.core.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SisHttp's resilience4j guards against a loopback HTTP server: retries, Retry-After, timeouts, circuit breaker, rate limit. */
class SisHttpTest {

    private LoopbackSis sis;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        sis = new LoopbackSis();
    }

    @AfterEach
    void stop() {
        release.countDown();
        sis.close();
    }

    /** Fast settings: 2 retries, 10 ms backoff, a lenient circuit breaker and no noticeable rate limit. */
    private static HttpSettings settings(int maxRetries, double requestsPerSecond, CircuitBreakerSettings breaker) {
        return new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(500), maxRetries, Duration.ofMillis(10), 2.0, 0.5,
                Duration.ofMillis(50), Duration.ofSeconds(2), requestsPerSecond, breaker);
    }

    private static CircuitBreakerSettings lenientBreaker() {
        return new CircuitBreakerSettings(100, 100, 100, Duration.ofSeconds(30), 1);
    }

    private static SisHttp http(HttpSettings settings) {
        return new SisHttp(settings, EventCodec.defaultMapper());
    }

    private HttpResponse<byte[]> get(SisHttp http, String integrationId) {
        URI uri = sis.uri("/users");
        return http.send(integrationId, () -> HttpRequest.newBuilder(uri).GET(), "SIS " + uri);
    }

    @Test
    void passingFailuresAreRetriedUntilTheSisAnswers() {
        sis.answer(n -> n <= 2 ? LoopbackSis.Answer.of(n == 1 ? 503 : 500) : LoopbackSis.Answer.of(200));

        HttpResponse<byte[]> response = get(http(settings(2, 1000, lenientBreaker())), "int-a");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sis.requests()).isEqualTo(3);
    }

    @Test
    void retryAfterIsHonouredInsteadOfTheShortBackoff() {
        sis.answer(n -> n == 1 ? LoopbackSis.Answer.of(429, Map.of("Retry-After", "1"), "{}") : LoopbackSis.Answer.of(200));

        assertThat(get(http(settings(2, 1000, lenientBreaker())), "int-a").statusCode()).isEqualTo(200);

        List<Instant> arrivals = sis.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(Duration.between(arrivals.get(0), arrivals.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRetryAfterLongerThanTheMaximumFailsAtOnceAsRateLimited() {
        sis.answer(n -> LoopbackSis.Answer.of(429, Map.of("Retry-After", "120"), "{}"));

        assertThatThrownBy(() -> get(http(settings(2, 1000, lenientBreaker())), "int-a"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("rate-limited"))
                .hasMessageContaining("asked to retry after 120 s").hasMessageContaining("maximum of 2 s");
        assertThat(sis.requests()).isEqualTo(1);
    }

    @Test
    void exhaustedRetriesNameTheLastAnswerAndTheAttempts() {
        sis.answer(n -> LoopbackSis.Answer.of(503, Map.of(), "{\"imsx_description\":\"maintenance\"}"));

        assertThatThrownBy(() -> get(http(settings(2, 1000, lenientBreaker())), "int-a"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining("answered 503 (maintenance) on all 3 attempts");
        assertThat(sis.requests()).isEqualTo(3);
    }

    @Test
    void backoffWithoutRetryAfterGrowsWithJitterWithinItsBounds() {
        HttpSettings slow = new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(500), 2, Duration.ofMillis(200), 2.0, 0.25,
                Duration.ofSeconds(5), Duration.ofSeconds(2), 1000, lenientBreaker());
        sis.answer(n -> LoopbackSis.Answer.of(n <= 2 ? 502 : 200));

        get(http(slow), "int-a");

        List<Instant> at = sis.arrivals();
        // 200 ms ± 25 %, then 400 ms ± 25 %.
        assertThat(Duration.between(at.get(0), at.get(1))).isBetween(Duration.ofMillis(150), Duration.ofMillis(1000));
        assertThat(Duration.between(at.get(1), at.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aSisSlowerThanTheReadTimeoutIsRetriedAndThenUnreachable() {
        sis.answer(n -> new LoopbackSis.Answer(200, Map.of(), "{}", release));

        assertThatThrownBy(() -> get(http(settings(1, 1000, lenientBreaker())), "int-a"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining("did not answer within 500 ms (2 attempts)");
        assertThat(sis.requests()).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionIsUnreachable() {
        SisHttp http = http(settings(1, 1000, lenientBreaker()));
        URI dead = URI.create("http://127.0.0.1:" + FreePorts.find() + "/users");

        assertThatThrownBy(() -> http.send("int-a", () -> HttpRequest.newBuilder(dead).GET(), "SIS " + dead))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining("refused the connection or could not be reached (2 attempts)");
    }

    @Test
    void theCircuitOpensOnASisThatKeepsFailingAndThenFailsFastForThatIntegrationOnly() {
        SisHttp http = http(settings(1, 1000, new CircuitBreakerSettings(50, 4, 4, Duration.ofMinutes(1), 1)));
        sis.answer(n -> LoopbackSis.Answer.of(503));
        assertThatThrownBy(() -> get(http, "int-a")).hasMessageContaining("on all 2 attempts");
        assertThatThrownBy(() -> get(http, "int-a")).hasMessageContaining("on all 2 attempts");
        int before = sis.requests();

        assertThatThrownBy(() -> get(http, "int-a"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.errorClass()).isEqualTo("unreachable"))
                .hasMessageContaining("circuit breaker for int-a is open").hasMessageContaining("4 of the last 4 calls failed");
        assertThat(sis.requests()).as("an open circuit does not call the SIS").isEqualTo(before);
        assertThat(http.circuitState("int-a")).isEqualTo(CircuitBreaker.State.OPEN);

        sis.answer(n -> LoopbackSis.Answer.of(200));
        assertThat(get(http, "int-b").statusCode()).as("another integration has its own circuit").isEqualTo(200);
    }

    @Test
    void anOpenCircuitLetsATrialThroughAfterItsWaitAndClosesWhenTheSisIsBack() {
        SisHttp http = http(settings(0, 1000, new CircuitBreakerSettings(50, 2, 2, Duration.ofMillis(300), 1)));
        sis.answer(n -> LoopbackSis.Answer.of(500));
        assertThatThrownBy(() -> get(http, "int-a")).isInstanceOf(ConnectorException.class);
        assertThatThrownBy(() -> get(http, "int-a")).isInstanceOf(ConnectorException.class);
        assertThat(http.circuitState("int-a")).isEqualTo(CircuitBreaker.State.OPEN);
        sis.answer(n -> LoopbackSis.Answer.of(200));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreException(ConnectorException.class)
                .until(() -> get(http, "int-a").statusCode() == 200);

        assertThat(http.circuitState("int-a")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void throttlingDoesNotOpenTheCircuit() {
        SisHttp http = http(settings(3, 1000, new CircuitBreakerSettings(50, 2, 2, Duration.ofMinutes(1), 1)));
        sis.answer(n -> n <= 3 ? LoopbackSis.Answer.of(429, Map.of("Retry-After", "0"), "{}") : LoopbackSis.Answer.of(200));

        assertThat(get(http, "int-a").statusCode()).isEqualTo(200);

        assertThat(http.circuitState("int-a")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theRateLimitSpacesRequestsToOneIntegrationButNotToAnother() {
        SisHttp http = http(settings(0, 2, lenientBreaker()));
        for (int i = 0; i < 3; i++) {
            get(http, "int-a");
        }
        Instant before = Instant.now();
        get(http, "int-b");
        Duration otherIntegration = Duration.between(before, Instant.now());

        List<Instant> at = sis.arrivals();
        // Two requests per second: one every 500 ms (the limiter's clock is not the server's, so allow a little).
        assertThat(Duration.between(at.get(0), at.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(Duration.between(at.get(1), at.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(otherIntegration).as("int-b's first request waits for no permit of int-a").isLessThan(Duration.ofMillis(400));
    }

    @Test
    void everyAttemptIsBuiltAfreshSoASignedRequestIsNeverReplayed() {
        sis.answer(n -> LoopbackSis.Answer.of(n == 1 ? 503 : 200));
        java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();
        URI uri = sis.uri("/users");

        http(settings(2, 1000, lenientBreaker())).send("int-a", () -> {
            built.incrementAndGet();
            return HttpRequest.newBuilder(uri).GET();
        }, "SIS");

        assertThat(built).hasValue(2);
    }
}
