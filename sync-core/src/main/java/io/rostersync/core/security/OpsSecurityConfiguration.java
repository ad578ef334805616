package io.rostersync.core.security;

import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Security shared by every service's HTTP API: actuator health, info and Prometheus are open (probes and
 * scrapers carry no token); {@code /api/**} needs a bearer token: reading needs {@code viewer}, anything that
 * changes state {@code operator}, unless a service's {@link OpsApiRules} bean asks for more; everything else
 * (the dashboard's static files, webhooks, which carry their own signature) is open.
 * Failures are RFC 9457 problem details. Bearer tokens are static tokens from configuration or, when
 * {@code rostersync.security.jwt.*} names an issuer, JWTs whose role claim maps to viewer/operator/admin.
 * Under the {@code prod} profile, {@link ProductionConfigurationCheck} refuses to start without real credentials.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(OpsSecuritySettings.class)
public class OpsSecurityConfiguration {

    /** Static, so it runs before any other bean (and any Kafka or Firestore client) is created. */
    @Bean
    static ProductionConfigurationCheck productionConfigurationCheck(Environment environment) {
        return new ProductionConfigurationCheck(environment, ProductionConfigurationCheck::applicationDefaultCredentialsProblem);
    }

    @Bean
    SecurityWebFilterChain opsSecurityFilterChain(ServerHttpSecurity http, OpsSecuritySettings settings,
                                                  ObjectProvider<OpsApiRules> rules) {
        BearerTokenAuthentication bearer = new BearerTokenAuthentication(settings);
        AuthenticationWebFilter filter = new AuthenticationWebFilter(bearer);
        filter.setServerAuthenticationConverter(bearer);
        // Only the ops APIs read bearer tokens: a SIS that sends its own Authorization header with a webhook
        // must not be turned away by a token check that does not apply to it.
        filter.setRequiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**", "/actuator/**"));
        filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(
                (exchange, e) -> problem(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized",
                        "the bearer token is not valid for this API")));
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .addFilterAt(filter, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((exchange, e) -> problem(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized",
                                "this API needs an 'Authorization: Bearer <token>' header"))
                        .accessDeniedHandler((exchange, e) -> problem(exchange, HttpStatus.FORBIDDEN, "Forbidden",
                                "your token's role may not do this")))
                .authorizeExchange(auth -> {
                    auth.pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus").permitAll();
                    rules.orderedStream().forEach(rule -> rule.apply(auth));
                    auth.pathMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER");
                    auth.pathMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER");
                    auth.pathMatchers("/api/**").hasRole("OPERATOR");
                    auth.pathMatchers("/actuator/**").hasRole("ADMIN");
                    auth.anyExchange().permitAll();
                })
                .build();
    }

    private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String title, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set("WWW-Authenticate", "Bearer");
        }
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + exchange.getRequest().getPath().value().replace("\"", "") + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
