package io.rostersync.health.peers;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Relays a dashboard call to the service that owns the action, with the caller's own bearer token. The owning
 * service then checks the caller's role itself and records the caller (not the health API) as the one who resolved or
 * retried: the health API holds no credential of its own that could do more than the person in front of the
 * dashboard. The answer, problem details included, goes back unchanged; a peer that cannot be reached becomes a 502,
 * one that does not answer in time a 504.
 */
@Component
class PeerRelay {

    private final PeerSettings settings;
    private final WebClient client = WebClient.builder().build();

    PeerRelay(PeerSettings settings) {
        this.settings = settings;
    }

    /**
     * Relays a listing of one integration's items: the peer's collection filtered by the integration, with the caller's
     * own values of the {@code passedOn} query parameters (paging and filters).
     */
    Mono<ResponseEntity<byte[]>> listFor(Peer peer, String path, String integrationId, List<String> passedOn,
                                         ServerWebExchange exchange) {
        Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("integrationId", integrationId);
        passedOn.forEach(name -> query.put(name, exchange.getRequest().getQueryParams().getFirst(name)));
        return relay(peer, HttpMethod.GET, path, Map.of(), query, null, exchange);
    }

    /** Relays an action on one item ({@code {id}} in the path); when the peer accepted it, {@code afterSuccess} runs. */
    Mono<ResponseEntity<byte[]>> action(Peer peer, String pathTemplate, String id, byte[] body, ServerWebExchange exchange,
                                        Runnable afterSuccess) {
        return relay(peer, HttpMethod.POST, pathTemplate, Map.of("id", id), Map.of(), body, exchange)
                .doOnNext(answer -> {
                    if (answer.getStatusCode().is2xxSuccessful()) {
                        afterSuccess.run();
                    }
                });
    }

    /**
     * @param pathTemplate the peer's path with {@code {name}} variables, expanded (and encoded) from {@code variables}
     * @param query query parameters; null values are left out
     * @param body the request body as received, or null
     */
    Mono<ResponseEntity<byte[]>> relay(Peer peer, HttpMethod method, String pathTemplate, Map<String, String> variables,
                                       Map<String, String> query, byte[] body, ServerWebExchange exchange) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUriString(peer.baseUrl(settings)).path(pathTemplate);
        Map<String, Object> values = new HashMap<>(variables);
        query.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                builder.queryParam(name, "{q_" + name + "}");
                values.put("q_" + name, value);
            }
        });
        URI uri = builder.encode().buildAndExpand(values).toUri();
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        WebClient.RequestBodySpec request = client.method(method).uri(uri)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .headers(h -> {
                    if (authorization != null) {
                        h.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                });
        WebClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        return ready.exchangeToMono(response -> response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                        .map(bytes -> {
                            ResponseEntity.BodyBuilder answer = ResponseEntity.status(response.statusCode());
                            response.headers().contentType().ifPresent(answer::contentType);
                            return answer.body(bytes);
                        }))
                .timeout(settings.timeout())
                .onErrorMap(TimeoutException.class, e -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT,
                        peer.serviceName() + " did not answer within " + settings.timeout().toSeconds() + " s; try again"))
                .onErrorMap(WebClientRequestException.class, e -> new ResponseStatusException(HttpStatus.BAD_GATEWAY,
                        peer.serviceName() + " cannot be reached; try again shortly"));
    }
}
