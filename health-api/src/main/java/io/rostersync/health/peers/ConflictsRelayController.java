package io.rostersync.health.peers;

import io.rostersync.health.backlog.BacklogCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
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
    Mono<ResponseEntity<byte[]>> list(@PathVariable String integrationId,
                                      @RequestParam(required = false) String status,
                                      @RequestParam(required = false) String after,
                                      @RequestParam(required = false) String limit,
                                      ServerWebExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("integrationId", integrationId);
        query.put("status", status);
        query.put("after", after);
        query.put("limit", limit);
        return relay.relay(Peer.CONFLICTS, HttpMethod.GET, "/api/conflicts", Map.of(), query, null, exchange);
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
        return relay.relay(Peer.CONFLICTS, HttpMethod.POST, "/api/conflicts/{id}/resolution", Map.of("id", conflictId),
                        Map.of(), body == null ? new byte[0] : body, exchange)
                .doOnNext(answer -> {
                    if (answer.getStatusCode().is2xxSuccessful()) {
                        backlog.refreshSoon();
                    }
                });
    }
}
