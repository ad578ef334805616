package io.rostersync.simulator.faults;

import java.time.Duration;

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

import io.rostersync.simulator.oneroster.ImsxStatus;
import io.rostersync.simulator.oneroster.OneRosterMapper;

/**
 * Applies the {@link Faults} plan to OneRoster requests, before authentication, the way a gateway in front of a
 * real SIS throttles. Failures carry an {@code imsx_StatusInfo} body so they still conform to the spec.
 */
@Component
@Order(-10)
class FaultInjection implements WebFilter {

    private final Faults faults;
    private final JsonMapper json;

    FaultInjection(Faults faults, JsonMapper json) {
        this.faults = faults;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(OneRosterMapper.BASE_PATH)) {
            return chain.filter(exchange);
        }
        Faults.Plan plan = faults.current();
        Mono<Void> delay = plan.latency().isZero() ? Mono.empty() : Mono.delay(plan.latency()).then();
        if (faults.takeFailure()) {
            return delay.then(Mono.defer(() -> fail(exchange.getResponse(), plan)));
        }
        return delay.then(Mono.defer(() -> chain.filter(exchange)));
    }

    private Mono<Void> fail(ServerHttpResponse response, Faults.Plan plan) {
        HttpStatus status = HttpStatus.valueOf(plan.status());
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (plan.retryAfterSeconds() > 0) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Duration.ofSeconds(plan.retryAfterSeconds()).toSeconds()));
        }
        String codeMinor = status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE
                ? "server_busy" : "internal_server_error";
        byte[] body = json.writeValueAsBytes(ImsxStatus.failure(codeMinor, "Injected fault: " + status));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
