package io.rostersync.simulator.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import tools.jackson.databind.json.JsonMapper;

import io.rostersync.simulator.oneroster.ImsxStatus;
import io.rostersync.simulator.oneroster.OneRosterMapper;

/**
 * Applies the {@link Faults} to requests before authentication, the way a gateway in front of a real SIS
 * misbehaves. Rules apply to any path but {@code /admin/**} and {@code /actuator/**}; the simple plan to the
 * OneRoster 1.2 API only. Injected errors carry an {@code imsx_StatusInfo} body on OneRoster paths and a problem
 * detail elsewhere, so they still look like the standard's errors.
 */
@Component
@Order(-10)
class FaultInjection implements WebFilter {

    private static final String ONEROSTER_PREFIX = "/ims/oneroster";
    private static final byte[] MALFORMED = "{\"users\":[{\"sourcedId\":\"usr-0".getBytes(StandardCharsets.UTF_8);

    private final Faults faults;
    private final JsonMapper json;

    FaultInjection(Faults faults, JsonMapper json) {
        this.faults = faults;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.startsWith("/admin/") || path.startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        Optional<FaultRule> rule = faults.takeRule(path);
        if (rule.isPresent()) {
            return apply(rule.get(), exchange, chain, path);
        }
        if (!path.startsWith(OneRosterMapper.BASE_PATH)) {
            return chain.filter(exchange);
        }
        Faults.Plan plan = faults.current();
        Mono<Void> delay = plan.latency().isZero() ? Mono.empty() : Mono.delay(plan.latency()).then();
        if (faults.takeFailure()) {
            return delay.then(Mono.defer(() -> fail(exchange.getResponse(), path, plan.status(),
                    plan.retryAfterSeconds())));
        }
        return delay.then(Mono.defer(() -> chain.filter(exchange)));
    }

    private Mono<Void> apply(FaultRule rule, ServerWebExchange exchange, WebFilterChain chain, String path) {
        ServerHttpResponse response = exchange.getResponse();
        return switch (rule.type()) {
            case STATUS -> fail(response, path, rule.status(), rule.retryAfterSeconds());
            case LATENCY, TIMEOUT -> Mono.delay(Duration.ofMillis(rule.latencyMillis()))
                    .then(Mono.defer(() -> chain.filter(exchange)));
            case RESET -> reset(exchange);
            case MALFORMED_JSON -> {
                response.setStatusCode(HttpStatus.OK);
                response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
                yield response.writeWith(Mono.just(response.bufferFactory().wrap(MALFORMED)));
            }
            case NO_PAGING_HEADERS -> {
                response.beforeCommit(() -> {
                    response.getHeaders().remove("X-Total-Count");
                    response.getHeaders().remove(HttpHeaders.LINK);
                    response.getHeaders().remove("Total-Count");
                    return Mono.empty();
                });
                yield chain.filter(exchange);
            }
            case EMPTY_NEXT_PAGE -> {
                response.beforeCommit(() -> {
                    addNextToEmptyPage(exchange);
                    return Mono.empty();
                });
                yield chain.filter(exchange);
            }
            case TOKEN_EXPIRY -> chain.filter(exchange); // never taken: applied to the token policy instead
        };
    }

    /**
     * Aborts the connection: SO_LINGER 0 makes the close a TCP RST, so the client sees "connection reset" (or an
     * EOF) instead of any response.
     */
    private static Mono<Void> reset(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (nativeRequest instanceof Connection connection) {
            connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            connection.channel().close();
            return Mono.empty();
        }
        return Mono.error(new IllegalStateException("Connection reset needs Reactor Netty"));
    }

    /** When the page is the last one, adds a {@code next} link to the (empty) page after it. */
    private static void addNextToEmptyPage(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        String total = headers.getFirst("X-Total-Count");
        String link = headers.getFirst(HttpHeaders.LINK);
        if (total == null || (link != null && link.contains("rel=\"next\""))) {
            return;
        }
        String limitParam = exchange.getRequest().getQueryParams().getFirst("limit");
        int limit = 100;
        try {
            limit = limitParam == null ? limit : Math.max(1, Integer.parseInt(limitParam));
        } catch (NumberFormatException e) {
            // keep the default: the real response already said what it thinks of the limit
        }
        String url = UriComponentsBuilder.fromUri(exchange.getRequest().getURI()).replaceQueryParam("limit", limit)
                .replaceQueryParam("offset", Long.parseLong(total)).build(true).toUriString();
        String next = "<" + url + ">; rel=\"next\"";
        headers.set(HttpHeaders.LINK, link == null || link.isEmpty() ? next : next + ", " + link);
    }

    private Mono<Void> fail(ServerHttpResponse response, String path, int statusCode, int retryAfterSeconds) {
        // HttpStatusCode, not HttpStatus: rules may ask for codes Spring has no constant for (520, 598...).
        HttpStatusCode status = HttpStatusCode.valueOf(statusCode);
        response.setStatusCode(status);
        if (retryAfterSeconds > 0) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        byte[] body;
        if (path.startsWith(ONEROSTER_PREFIX)) {
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            String codeMinor = statusCode == 429 || statusCode == 503 ? "server_busy" : "internal_server_error";
            body = json.writeValueAsBytes(ImsxStatus.failure(codeMinor, "Injected fault: " + status));
        } else {
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "Injected fault: " + status);
            problem.setType(java.net.URI.create(status.is5xxServerError() ? "urn:ed-fi:api:system"
                    : "urn:ed-fi:api:injected-fault"));
            body = json.writeValueAsBytes(problem);
        }
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
