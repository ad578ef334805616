package io.rostersync.simulator.oneroster;

import java.util.Optional;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.rostersync.simulator.auth.AccessToken;
import io.rostersync.simulator.auth.AccessTokens;
import io.rostersync.simulator.auth.OneRosterScopes;

/**
 * Guards the rostering API with bearer tokens: 401 without a valid token, 403 when the token lacks the scope the
 * spec's {@code security} section names for the operation. Demographics need {@code roster-demographics.readonly};
 * the spec explicitly leaves them out of {@code roster.readonly}.
 */
@Component
@Order(0)
class OneRosterAuthorization implements WebFilter {

    private final AccessTokens tokens;
    private final JsonMapper json;

    OneRosterAuthorization(AccessTokens tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(OneRosterController.BASE + "/") && !path.equals(OneRosterController.BASE)) {
            return chain.filter(exchange);
        }
        Optional<AccessToken> token = bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                .flatMap(tokens::valid);
        if (token.isEmpty()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer realm=\"oneroster\", error=\"invalid_token\"");
            return reject(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthorisedrequest",
                    "A valid bearer access token is required");
        }
        boolean demographics = path.startsWith(OneRosterController.BASE + "/demographics");
        boolean allowed = demographics ? token.get().hasAnyScope(OneRosterScopes.DEMOGRAPHICS)
                : token.get().hasAnyScope(OneRosterScopes.ROSTER_CORE, OneRosterScopes.ROSTER);
        if (!allowed) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer realm=\"oneroster\", error=\"insufficient_scope\"");
            return reject(exchange.getResponse(), HttpStatus.FORBIDDEN, "forbidden",
                    "The access token lacks the scope " + (demographics ? OneRosterScopes.DEMOGRAPHICS
                            : OneRosterScopes.ROSTER_CORE + " or " + OneRosterScopes.ROSTER));
        }
        return chain.filter(exchange);
    }

    private Mono<Void> reject(ServerHttpResponse response, HttpStatus status, String codeMinor, String description) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(ImsxStatus.failure(codeMinor, description));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).trim());
    }
}
