package io.rostersync.health.web;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A strict Content-Security-Policy for the dashboard's pages: scripts, styles and calls only from this origin and no
 * inline code. The dashboard keeps its token in local storage, so keeping injected script out is what protects it.
 */
@Component
public class DashboardHeaders implements WebFilter {

    public static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith("/api/") && !path.startsWith("/actuator")) {
            exchange.getResponse().beforeCommit(() -> {
                HttpHeaders headers = exchange.getResponse().getHeaders();
                headers.set("Content-Security-Policy", POLICY);
                headers.set("Referrer-Policy", "no-referrer");
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }
}
