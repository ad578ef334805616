package io.rostersync.simulator.edfi;

import java.util.Optional;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.rostersync.simulator.auth.AccessToken;
import io.rostersync.simulator.auth.AccessTokens;

/** Guards the Ed-Fi data and change-query APIs with bearer tokens from {@code /oauth/token}; 401 problem otherwise. */
@Component
@Order(0)
class EdFiAuthorization implements WebFilter {

    private final AccessTokens tokens;
    private final JsonMapper json;

    EdFiAuthorization(AccessTokens tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    static boolean isEdFi(String path) {
        return path.startsWith(EdFiController.DATA + "/") || path.startsWith(EdFiController.CHANGE_QUERIES + "/");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!isEdFi(path)) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        Optional<AccessToken> token = Optional.ofNullable(authorization)
                .filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7)).map(a -> a.substring(7).trim())
                .flatMap(tokens::valid).filter(t -> t.scopes().contains(AccessTokens.EDFI_SCOPE));
        if (token.isPresent()) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsBytes(EdFiProblems.problem(HttpStatus.UNAUTHORIZED,
                "urn:ed-fi:api:security:authentication", "Authentication Failed",
                "Authorization denied. The access token is invalid or has expired."));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
