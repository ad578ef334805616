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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
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
    private final tools.jackson.databind.json.JsonMapper json = io.rostersync.core.events.EventCodec.defaultMapper();

    private final ConnectionTests connectionTests;

    IntegrationHubController(Integrations integrations, Clock clock, ConnectionTests connectionTests) {
        this.integrations = integrations;
        this.clock = clock;
        this.connectionTests = connectionTests;
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

    /** Creates an integration; 409 when the id is taken (PUT replaces). */
    @PostMapping
    Mono<ResponseEntity<Object>> create(@RequestBody(required = false) Mono<Map<String, Object>> body) {
        return body.defaultIfEmpty(Map.of()).publishOn(Schedulers.boundedElastic()).map(raw -> {
            Object id = raw.get("integrationId");
            if (!(id instanceof String integrationId) || !IntegrationRequests.ID.matcher(integrationId).matches()) {
                return problem(HttpStatus.BAD_REQUEST, "integrationId is required: 2-63 lower-case letters, digits or dashes");
            }
            IntegrationRequest request = json.convertValue(raw, IntegrationRequest.class);
            List<String> problems = IntegrationRequests.problems(integrationId, request);
            if (!problems.isEmpty()) {
                return invalid(problems);
            }
            Instant now = clock.instant();
            Integration integration = IntegrationRequests.toIntegration(integrationId, request, now, now, false);
            if (!integrations.create(integration)) {
                return problem(HttpStatus.CONFLICT, "integration '" + integrationId + "' already exists; PUT /api/integrations/"
                        + integrationId + " replaces it");
            }
            return ResponseEntity.created(URI.create("/api/integrations/" + integrationId)).body(view(integration));
        });
    }

    /** Runs the connector's connection check for the integration (operator): auth, reachability, declared counts. */
    @PostMapping("/{id}/test-connection")
    Mono<ResponseEntity<Object>> testConnection(@PathVariable String id) {
        return Mono.fromCallable(() -> integrations.find(id).<ResponseEntity<Object>>map(i -> {
            try {
                return ResponseEntity.ok(connectionTests.run(i));
            } catch (ConnectionTests.ConnectorUnavailableException | io.rostersync.core.secrets.SecretNotFoundException e) {
                return problem(HttpStatus.BAD_GATEWAY, e.getMessage());
            }
        }).orElseGet(() -> notFound(id))).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/{id}/enable")
    Mono<ResponseEntity<Object>> enable(@PathVariable String id) {
        return setEnabled(id, true);
    }

    @PostMapping("/{id}/disable")
    Mono<ResponseEntity<Object>> disable(@PathVariable String id) {
        return setEnabled(id, false);
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Object>> delete(@PathVariable String id) {
        return Mono.fromCallable(() -> {
            if (integrations.find(id).isEmpty()) {
                return notFound(id);
            }
            // The roster records under it stay until an operator purges them: deleting the connection is not deleting data.
            integrations.delete(id);
            return ResponseEntity.noContent().build();
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<ResponseEntity<Object>> setEnabled(String id, boolean enabled) {
        return Mono.fromCallable(() -> integrations.find(id).<ResponseEntity<Object>>map(i -> {
            Integration changed = i.withEnabled(enabled, clock.instant());
            integrations.save(changed);
            return ResponseEntity.ok(view(changed));
        }).orElseGet(() -> notFound(id))).subscribeOn(Schedulers.boundedElastic());
    }

    private static ResponseEntity<Object> invalid(List<String> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", problems));
        problem.setTitle("Invalid integration");
        problem.setProperty("errors", problems);
        return ResponseEntity.badRequest().body(problem);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    @PutMapping("/{id}")
    Mono<ResponseEntity<Object>> put(@PathVariable String id, @RequestBody(required = false) Mono<IntegrationRequest> body) {
        return body.map(Optional::of).defaultIfEmpty(Optional.empty())
                .publishOn(Schedulers.boundedElastic())
                .map(request -> {
                    List<String> problems = IntegrationRequests.problems(id, request.orElse(null));
                    if (!problems.isEmpty()) {
                        return invalid(problems);
                    }
                    Instant now = clock.instant();
                    Optional<Integration> existing = integrations.find(id);
                    Integration integration = IntegrationRequests.toIntegration(id, request.get(),
                            existing.map(Integration::createdAt).orElse(now), now, existing.map(Integration::paused).orElse(false));
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
        view.put("fieldOwnership", i.fieldOwnership());
        view.put("massChangeThresholds", i.massChangeThresholds());
        view.put("paused", i.paused());
        view.put("timeZone", i.timeZone());
        view.put("blackoutWindows", i.blackoutWindows());
        view.put("reconciliationSchedule", i.reconciliationSchedule());
        view.put("createdAt", i.createdAt());
        view.put("updatedAt", i.updatedAt());
        return view;
    }

    @Configuration(proxyBeanMethods = false)
    static class Rules {
        @Bean
        ConnectionTests connectionTests(io.rostersync.orchestrator.OrchestratorSettings settings,
                                        io.rostersync.core.secrets.SecretResolver secrets) {
            return new ConnectionTests(settings, secrets);
        }

        /**
         * Creating, changing or deleting an integration is for admins; enabling and disabling one, like a local
         * record edit, is an operator's job (sync-core lets viewers read and operators do the rest).
         */
        @Bean
        OpsApiRules integrationHubRules() {
            return auth -> auth.pathMatchers(HttpMethod.PUT, "/api/integrations/*").hasRole("ADMIN")
                    .pathMatchers(HttpMethod.POST, "/api/integrations").hasRole("ADMIN")
                    .pathMatchers(HttpMethod.DELETE, "/api/integrations/*").hasRole("ADMIN");
        }
    }
}
