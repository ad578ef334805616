package io.rostersync.health.peers;

import io.rostersync.core.testsupport.FreePorts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import reactor.test.StepVerifier;

/** A peer that is down is a 502 naming the service, not a hanging request or a stack trace. */
class PeerRelayTest {

    @Test
    void anUnreachablePeerIsABadGateway() {
        String closed = "http://127.0.0.1:" + FreePorts.find();
        PeerRelay relay = new PeerRelay(new PeerSettings(closed, closed, closed, Duration.ofSeconds(5)));

        StepVerifier.create(relay.relay(Peer.CONFLICTS, HttpMethod.GET, "/api/conflicts/{id}", Map.of("id", "c 1"), Map.of(), null,
                        MockServerWebExchange.from(MockServerHttpRequest.get("/api/conflicts/c%201"))))
                .expectErrorSatisfies(e -> org.assertj.core.api.Assertions.assertThat(e)
                        .isInstanceOfSatisfying(ResponseStatusException.class, r -> {
                            org.assertj.core.api.Assertions.assertThat(r.getStatusCode().value()).isEqualTo(502);
                            org.assertj.core.api.Assertions.assertThat(r.getReason()).contains("conflict-service");
                        }))
                .verify(Duration.ofSeconds(20));
    }
}
