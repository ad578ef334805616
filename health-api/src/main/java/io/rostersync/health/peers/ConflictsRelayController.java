package io.rostersync.health.peers;

import io.rostersync.health.backlog.BacklogCounts;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** An integration's conflicts and the Resolve action, answered by conflict-service. */
@RestController
class ConflictsRelayController {

    private final PeerRelay relay;
    private final BacklogCounts backlog;

    ConflictsRelayController(PeerRelay relay, BacklogCounts backlog) {
        this.relay = relay;
        this.backlog = backlog;
    }

    @GetMapping("/api/integrations/{integrationId}/conflicts")
    Mono<ResponseEntity<byte[]>> list(@PathVariable String integrationId, ServerWebExchange exchange) {
        return relay.listFor(Peer.CONFLICTS, "/api/conflicts", integrationId, List.of("status", "after", "limit"), exchange);
    }

    @GetMapping("/api/conflicts/{conflictId}")
    Mono<ResponseEntity<byte[]>> one(@PathVariable String conflictId, ServerWebExchange exchange) {
        return relay.relay(Peer.CONFLICTS, HttpMethod.GET, "/api/conflicts/{id}", Map.of("id", conflictId), Map.of(), null,
                exchange);
    }

    @GetMapping("/api/conflicts/{conflictId}/audit")
    Mono<ResponseEntity<byte[]>> audit(@PathVariable String conflictId, ServerWebExchange exchange) {
        return relay.relay(Peer.CONFLICTS, HttpMethod.GET, "/api/conflicts/{id}/audit", Map.of("id", conflictId), Map.of(),
                null, exchange);
    }

    @PostMapping("/api/conflicts/{conflictId}/resolution")
    Mono<ResponseEntity<byte[]>> resolve(@PathVariable String conflictId, @RequestBody(required = false) byte[] body,
                                         ServerWebExchange exchange) {
        return relay.action(Peer.CONFLICTS, "/api/conflicts/{id}/resolution", conflictId, body == null ? new byte[0] : body,
                exchange, backlog::refreshSoon);
    }
}
