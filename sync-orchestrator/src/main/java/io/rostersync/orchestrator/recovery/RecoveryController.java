package io.rostersync.orchestrator.recovery;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.DocumentSnapshot;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.apply.EntityOutcomes;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A run's outcome per entity type, and the retry of the types that failed. */
@RestController
class RecoveryController {

    private final RunRetries retries;
    private final SyncRuns runs;

    RecoveryController(RunRetries retries, SyncRuns runs) {
        this.retries = retries;
        this.runs = runs;
    }

    @GetMapping("/api/runs/{runId}/entities")
    Mono<ResponseEntity<Object>> entities(@PathVariable String runId) {
        return Mono.<ResponseEntity<Object>>fromCallable(() -> {
            DocumentSnapshot doc = await(runs.reference(runId).get());
            if (!doc.exists()) {
                return problem(HttpStatus.NOT_FOUND, "run '" + runId + "' does not exist");
            }
            return ResponseEntity.ok((Object) view(doc));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Retries the failed entity types of a run (operator); 409 when there is nothing to retry or another run is under way. */
    @PostMapping("/api/runs/{runId}/retry")
    Mono<ResponseEntity<Object>> retry(@PathVariable String runId, Mono<Principal> principal) {
        return principal.map(Principal::getName).defaultIfEmpty("unknown").publishOn(Schedulers.boundedElastic()).map(who -> {
            RunRetries.Retry retry = retries.retry(runId, who);
            if (retry.notFound()) {
                return problem(HttpStatus.NOT_FOUND, retry.refusal());
            }
            if (retry.refusal() != null) {
                return problem(HttpStatus.CONFLICT, retry.refusal());
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED).body((Object) view(await(runs.reference(retry.run().runId()).get())));
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> view(DocumentSnapshot doc) {
        SyncRun run = SyncRuns.fromDocument(doc);
        Map<String, String> statuses = (Map<String, String>) doc.get(EntityOutcomes.STATUS);
        Map<String, String> errors = (Map<String, String>) doc.get(EntityOutcomes.ERRORS);
        List<String> read = (List<String>) doc.get("entityTypes");
        TreeSet<String> types = new TreeSet<>(run.entityCounts().keySet());
        if (statuses != null) {
            types.addAll(statuses.keySet());
        }
        if (read != null) {
            types.addAll(read);
        }
        Map<String, Object> entities = new TreeMap<>();
        for (String type : types) {
            Map<String, Object> entity = new LinkedHashMap<>();
            // Before completion (or for a run that failed as a whole) the per-type outcome is the run's own.
            entity.put("status", statuses != null && statuses.containsKey(type) ? statuses.get(type) : run.status().value());
            entity.put("error", errors == null ? null : errors.get(type));
            entity.put("counts", run.entityCounts().getOrDefault(type, RunCounts.ZERO).asMap());
            entities.put(type, entity);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("runId", run.runId());
        view.put("integrationId", run.integrationId());
        view.put("status", run.status().value());
        view.put("mode", run.mode() == null ? null : run.mode().value());
        view.put("error", run.error());
        view.put("entities", entities);
        view.put("retryOf", doc.getString(RunRetries.RETRY_OF));
        Object retriedBy = doc.get(RunRetries.RETRIED_BY);
        view.put("retriedBy", retriedBy == null ? List.of() : retriedBy);
        return view;
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
