package io.rostersync.core.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token caching against a loopback token endpoint, with a clock the test moves. */
class SisTokensTest {

    private LoopbackSis endpoint;

    @BeforeEach
    void start() throws IOException {
        endpoint = new LoopbackSis();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private record Server(URI tokenUrl, String clientId, String secret, List<String> scopes) implements ClientCredentials {
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T08:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aShortLivedTokenIsReusedUntilHalfItsLifetimeRatherThanFetchedForEveryRequest() {
        endpoint.answer(n -> LoopbackSis.Answer.of(200, Map.of(), "{\"access_token\":\"tok-" + n + "\",\"expires_in\":10}"));
        MovableClock clock = new MovableClock();
        HttpSettings settings = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 0, Duration.ofMillis(10), 2.0, 0.5,
                Duration.ofMillis(50), Duration.ofSeconds(1), 1000, new CircuitBreakerSettings(100, 100, 100, Duration.ofSeconds(30), 1));
        SisTokens tokens = new SisTokens(new SisHttp(settings, EventCodec.defaultMapper()), new Standard("OneRoster", "a"), clock,
                Duration.ofSeconds(60));
        Server server = new Server(endpoint.uri("/oauth2/token"), "client", "secret", List.of());

        assertThat(tokens.token(server)).isEqualTo("tok-1");
        clock.now = clock.now.plusSeconds(4);
        assertThat(tokens.token(server)).isEqualTo("tok-1");
        clock.now = clock.now.plusSeconds(2);
        assertThat(tokens.token(server)).as("renewed halfway through its 10 s").isEqualTo("tok-2");
        assertThat(tokens.requestsSent()).isEqualTo(2);
    }
}
