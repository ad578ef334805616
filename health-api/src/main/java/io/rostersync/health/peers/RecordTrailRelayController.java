package io.rostersync.health.peers;

import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** One record's trail (the runs and webhooks that changed it, field by field), answered by the orchestrator. */
@RestController
class RecordTrailRelayController {

    private final PeerRelay relay;

    RecordTrailRelayController(PeerRelay relay) {
        this.relay = relay;
    }

    @GetMapping("/api/integrations/{integrationId}/records/{entityType}/{recordId}/trail")
    Mono<ResponseEntity<byte[]>> trail(@PathVariable String integrationId, @PathVariable String entityType,
                                       @PathVariable String recordId, ServerWebExchange exchange) {
        return relay.relay(Peer.ORCHESTRATOR, HttpMethod.GET, "/api/integrations/{id}/records/{type}/{record}/trail",
                Map.of("id", integrationId, "type", entityType, "record", recordId), Map.of(), null, exchange);
    }
}
