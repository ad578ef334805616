package io.rostersync.health.peers;

import io.rostersync.health.backlog.BacklogCounts;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** An integration's dead letters, one letter with its payload, and the Retry action, answered by deadletter-service. */
@RestController
class DeadLettersRelayController {

    private final PeerRelay relay;
    private final BacklogCounts backlog;

    DeadLettersRelayController(PeerRelay relay, BacklogCounts backlog) {
        this.relay = relay;
        this.backlog = backlog;
    }

    @GetMapping("/api/integrations/{integrationId}/deadletters")
    Mono<ResponseEntity<byte[]>> list(@PathVariable String integrationId, ServerWebExchange exchange) {
        return relay.listFor(Peer.DEAD_LETTERS, "/api/deadletters", integrationId, List.of("status", "topic", "after", "limit"),
                exchange);
    }

    @GetMapping("/api/deadletters/{id}")
    Mono<ResponseEntity<byte[]>> one(@PathVariable String id, ServerWebExchange exchange) {
        return relay.relay(Peer.DEAD_LETTERS, HttpMethod.GET, "/api/deadletters/{id}", Map.of("id", id), Map.of(), null,
                exchange);
    }

    @PostMapping("/api/deadletters/{id}/retry")
    Mono<ResponseEntity<byte[]>> retry(@PathVariable String id, ServerWebExchange exchange) {
        return relay.action(Peer.DEAD_LETTERS, "/api/deadletters/{id}/retry", id, null, exchange, backlog::refreshSoon);
    }
}
