package io.rostersync.orchestrator.runs;

import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Run actions that belong to the engine; reading runs is the health API's job. */
@RestController
class RunsController {

    private final RunDispatcher dispatcher;

    RunsController(RunDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Cancels a queued or running run (operator); 409 when it already ended. */
    @PostMapping("/api/runs/{runId}/cancel")
    Mono<ResponseEntity<Object>> cancel(@PathVariable String runId, Mono<Principal> principal) {
        return principal.map(Principal::getName).defaultIfEmpty("unknown").publishOn(Schedulers.boundedElastic()).map(who -> {
            var before = dispatcher.cancel(runId, who);
            if (before.isEmpty()) {
                return problem(HttpStatus.NOT_FOUND, "run '" + runId + "' does not exist");
            }
            var run = before.get();
            if (run.status() != io.rostersync.core.runs.RunStatus.CANCELLED) {
                return problem(HttpStatus.CONFLICT, "run '" + runId + "' already ended as " + run.status().value());
            }
            return ResponseEntity.ok(java.util.Map.of("runId", runId, "status", run.status().value(), "error", run.error()));
        });
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
