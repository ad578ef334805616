package io.rostersync.orchestrator.holds;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.DocumentSnapshot;
import io.rostersync.core.runs.SyncRuns;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** What a held run would do, and the operator's approve or reject. */
@RestController
class HoldsController {

    private final HeldRuns held;
    private final SyncRuns runs;

    HoldsController(HeldRuns held, SyncRuns runs) {
        this.held = held;
        this.runs = runs;
    }

    @GetMapping("/api/runs/{runId}/hold")
    Mono<ResponseEntity<Object>> hold(@PathVariable String runId) {
        return Mono.<ResponseEntity<Object>>fromCallable(() -> {
            DocumentSnapshot doc = await(runs.reference(runId).get());
            if (!doc.exists()) {
                return problem(HttpStatus.NOT_FOUND, "run '" + runId + "' does not exist");
            }
            Object hold = doc.get(MassChangeGuard.HOLD);
            if (!(hold instanceof Map<?, ?> summary)) {
                return problem(HttpStatus.NOT_FOUND, "run '" + runId + "' was never on hold");
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("runId", runId);
            view.put("status", doc.getString("status"));
            summary.forEach((k, v) -> {
                if (!"completion".equals(k)) {
                    view.put((String) k, v instanceof com.google.cloud.Timestamp t ? t.toDate().toInstant().toString() : v);
                }
            });
            return ResponseEntity.ok((Object) view);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Applies a held run (operator); 409 when it is not on hold. */
    @PostMapping("/api/runs/{runId}/approve")
    Mono<ResponseEntity<Object>> approve(@PathVariable String runId, Mono<Principal> principal) {
        return decide(principal, who -> held.approve(runId, who), runId);
    }

    /** Discards a held run (operator); 409 when it is not on hold. */
    @PostMapping("/api/runs/{runId}/reject")
    Mono<ResponseEntity<Object>> reject(@PathVariable String runId, Mono<Principal> principal) {
        return decide(principal, who -> held.reject(runId, who), runId);
    }

    private Mono<ResponseEntity<Object>> decide(Mono<Principal> principal, java.util.function.Function<String, HeldRuns.Decision> action,
                                                String runId) {
        return principal.map(Principal::getName).defaultIfEmpty("unknown").publishOn(Schedulers.boundedElastic()).map(who -> {
            HeldRuns.Decision decision = action.apply(who);
            if (decision.refusal() == HeldRuns.Refusal.NOT_FOUND) {
                return problem(HttpStatus.NOT_FOUND, "run '" + runId + "' does not exist");
            }
            if (decision.refusal() == HeldRuns.Refusal.NOT_ON_HOLD) {
                return problem(HttpStatus.CONFLICT, "run '" + runId + "' is not on hold; it is " + decision.run().status().value());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("runId", runId);
            body.put("status", decision.run().status().value());
            body.put("error", decision.run().error());
            return ResponseEntity.ok(body);
        });
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
