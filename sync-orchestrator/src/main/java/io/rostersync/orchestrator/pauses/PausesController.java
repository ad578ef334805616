package io.rostersync.orchestrator.pauses;

import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.Direction;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Pausing an integration (operator): webhooks are still accepted and its triggers coalesce into one queued run, but no
 * run starts; resuming starts that run, which catches up from the cursors. A run already under way finishes.
 */
@RestController
class PausesController {

    private static final Logger log = LoggerFactory.getLogger(PausesController.class);

    private final Integrations integrations;
    private final RunDispatcher dispatcher;
    private final Clock clock;

    PausesController(Integrations integrations, RunDispatcher dispatcher, Clock clock) {
        this.integrations = integrations;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @PostMapping("/api/integrations/{id}/pause")
    Mono<ResponseEntity<Object>> pause(@PathVariable String id) {
        return setPaused(id, true);
    }

    @PostMapping("/api/integrations/{id}/resume")
    Mono<ResponseEntity<Object>> resume(@PathVariable String id) {
        return setPaused(id, false);
    }

    private Mono<ResponseEntity<Object>> setPaused(String id, boolean paused) {
        return Mono.fromCallable(() -> integrations.find(id).<ResponseEntity<Object>>map(i -> {
            Integration changed = i.withPaused(paused, clock.instant());
            integrations.save(changed);
            log.info("integration {} {}", id, paused ? "paused" : "resumed");
            if (!paused) {
                dispatcher.startFollowUp(id, Direction.PULL);
                dispatcher.startFollowUp(id, Direction.PUSH);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("integrationId", id);
            body.put("paused", changed.paused());
            return ResponseEntity.ok(body);
        }).orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "integration '" + id + "' does not exist"))))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
