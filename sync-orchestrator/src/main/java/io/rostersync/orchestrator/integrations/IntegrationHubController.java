package io.rostersync.orchestrator.integrations;

import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.security.OpsApiRules;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Integration Hub API: register and read integrations. Credentials are references the connectors
 * resolve from their own environment; the API never stores or returns a secret.
 */
@RestController
@RequestMapping("/api/integrations")
class IntegrationHubController {

    private final Integrations integrations;
    private final Clock clock;

    IntegrationHubController(Integrations integrations, Clock clock) {
        this.integrations = integrations;
        this.clock = clock;
    }

    @GetMapping
    Mono<Map<String, Object>> list() {
        return Mono.fromCallable(() -> Map.<String, Object>of("items", integrations.list().stream().map(IntegrationHubController::view).toList()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<Object>> get(@PathVariable String id) {
        return Mono.fromCallable(() -> integrations.find(id)
                        .<ResponseEntity<Object>>map(i -> ResponseEntity.ok(view(i)))
                        .orElseGet(() -> notFound(id)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @PutMapping("/{id}")
    Mono<ResponseEntity<Object>> put(@PathVariable String id, @RequestBody(required = false) Mono<IntegrationRequest> body) {
        return body.map(Optional::of).defaultIfEmpty(Optional.empty())
                .publishOn(Schedulers.boundedElastic())
                .map(request -> {
                    List<String> problems = IntegrationRequests.problems(id, request.orElse(null));
                    if (!problems.isEmpty()) {
                        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", problems));
                        problem.setTitle("Invalid integration");
                        problem.setProperty("errors", problems);
                        return ResponseEntity.badRequest().body(problem);
                    }
                    Instant now = clock.instant();
                    Optional<Integration> existing = integrations.find(id);
                    Integration integration = IntegrationRequests.toIntegration(id, request.get(),
                            existing.map(Integration::createdAt).orElse(now), now);
                    integrations.save(integration);
                    return existing.isPresent()
                            ? ResponseEntity.ok(view(integration))
                            : ResponseEntity.created(URI.create("/api/integrations/" + id)).body(view(integration));
                });
    }

    private static ResponseEntity<Object> notFound(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "integration '" + id + "' does not exist");
        problem.setTitle("Unknown integration");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    /** What the API shows of an integration: references are shown, secrets never exist here to show. */
    static Map<String, Object> view(Integration i) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("integrationId", i.integrationId());
        view.put("name", i.name());
        view.put("connector", i.connector().value());
        view.put("connection", i.connection());
        view.put("schedule", i.schedule());
        view.put("enabled", i.enabled());
        view.put("conflictPolicy", i.conflictPolicy());
        view.put("webhookSecretRefs", i.webhookSecretRefs());
        view.put("createdAt", i.createdAt());
        view.put("updatedAt", i.updatedAt());
        return view;
    }

    @Configuration(proxyBeanMethods = false)
    static class Rules {
        /** Changing or deleting an integration is for admins (sync-core lets viewers read). */
        @Bean
        OpsApiRules integrationHubRules() {
            return auth -> auth.pathMatchers(HttpMethod.PUT, "/api/integrations/**").hasRole("ADMIN")
                    .pathMatchers(HttpMethod.DELETE, "/api/integrations/**").hasRole("ADMIN");
        }
    }
}
