package io.rostersync.health.peers;

import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The operator's safety controls, answered by the orchestrator: a held run's summary with Approve and Reject, Pause
 * and Resume of an integration, and its alert rules and open incidents.
 */
@RestController
class RunControlRelayController {

    private final PeerRelay relay;

    RunControlRelayController(PeerRelay relay) {
        this.relay = relay;
    }

    @GetMapping("/api/runs/{runId}/hold")
    Mono<ResponseEntity<byte[]>> hold(@PathVariable String runId, ServerWebExchange exchange) {
        return relay.relay(Peer.ORCHESTRATOR, HttpMethod.GET, "/api/runs/{id}/hold", Map.of("id", runId), Map.of(), null, exchange);
    }

    @PostMapping("/api/runs/{runId}/{decision:approve|reject}")
    Mono<ResponseEntity<byte[]>> decide(@PathVariable String runId, @PathVariable String decision, ServerWebExchange exchange) {
        return relay.action(Peer.ORCHESTRATOR, "/api/runs/{id}/" + decision, runId, null, exchange, () -> { });
    }

    @PostMapping("/api/integrations/{integrationId}/{action:pause|resume}")
    Mono<ResponseEntity<byte[]>> pause(@PathVariable String integrationId, @PathVariable String action, ServerWebExchange exchange) {
        return relay.action(Peer.ORCHESTRATOR, "/api/integrations/{id}/" + action, integrationId, null, exchange, () -> { });
    }

    @GetMapping("/api/integrations/{integrationId}/alerts")
    Mono<ResponseEntity<byte[]>> alerts(@PathVariable String integrationId, ServerWebExchange exchange) {
        return relay.relay(Peer.ORCHESTRATOR, HttpMethod.GET, "/api/integrations/{id}/alerts", Map.of("id", integrationId),
                Map.of(), null, exchange);
    }
}
