package io.rostersync.health.peers;

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

/**
 * The Integration Hub (list, add, enable, disable, test the connection), answered by sync-orchestrator, which owns
 * the integration registry. Adding needs the admin role there; the relay does not widen that.
 */
@RestController
class IntegrationHubRelayController {

    private final PeerRelay relay;

    IntegrationHubRelayController(PeerRelay relay) {
        this.relay = relay;
    }

    @GetMapping("/api/hub/integrations")
    Mono<ResponseEntity<byte[]>> list(ServerWebExchange exchange) {
        return relay.relay(Peer.ORCHESTRATOR, HttpMethod.GET, "/api/integrations", Map.of(), Map.of(), null, exchange);
    }

    @PostMapping("/api/hub/integrations")
    Mono<ResponseEntity<byte[]>> create(@RequestBody(required = false) byte[] body, ServerWebExchange exchange) {
        return relay.relay(Peer.ORCHESTRATOR, HttpMethod.POST, "/api/integrations", Map.of(), Map.of(),
                body == null ? new byte[0] : body, exchange);
    }

    @PostMapping("/api/hub/integrations/{integrationId}/{action:enable|disable|test-connection}")
    Mono<ResponseEntity<byte[]>> act(@PathVariable String integrationId, @PathVariable String action,
                                     ServerWebExchange exchange) {
        return relay.relay(Peer.ORCHESTRATOR, HttpMethod.POST, "/api/integrations/{id}/" + action,
                Map.of("id", integrationId), Map.of(), null, exchange);
    }
}
