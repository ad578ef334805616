package io.rostersync.orchestrator.reconciliation;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Query;
import io.rostersync.core.integrations.Integrations;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
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

/** Starting a reconciliation (operator) and reading its drift report. */
@RestController
class ReconciliationsController {

    private final Reconciliations reconciliations;
    private final Integrations integrations;

    ReconciliationsController(Reconciliations reconciliations, Integrations integrations) {
        this.reconciliations = reconciliations;
        this.integrations = integrations;
    }

    @PostMapping("/api/integrations/{id}/reconciliations")
    Mono<ResponseEntity<Object>> start(@PathVariable String id, Mono<Principal> principal) {
        return principal.map(Principal::getName).defaultIfEmpty("unknown").publishOn(Schedulers.boundedElastic()).map(who ->
                integrations.find(id).<ResponseEntity<Object>>map(integration -> {
                    String reconciliationId = reconciliations.start(integration, who, null);
                    return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(await(reconciliations.reference(reconciliationId).get())));
                }).orElseGet(() -> problem(HttpStatus.NOT_FOUND, "integration '" + id + "' does not exist")));
    }

    @GetMapping("/api/integrations/{id}/reconciliations")
    Mono<Map<String, Object>> list(@PathVariable String id) {
        return Mono.fromCallable(() -> Map.<String, Object>of("items", await(reconciliations.reference("x").getParent()
                .whereEqualTo("integrationId", id).orderBy("startedAt", Query.Direction.DESCENDING).limit(20).get())
                .getDocuments().stream().map(ReconciliationsController::view).toList()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/api/reconciliations/{reconciliationId}")
    Mono<ResponseEntity<Object>> get(@PathVariable String reconciliationId) {
        return Mono.<ResponseEntity<Object>>fromCallable(() -> {
            DocumentSnapshot doc = await(reconciliations.reference(reconciliationId).get());
            return doc.exists() ? ResponseEntity.ok((Object) view(doc))
                    : problem(HttpStatus.NOT_FOUND, "reconciliation '" + reconciliationId + "' does not exist");
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static Map<String, Object> view(DocumentSnapshot doc) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reconciliationId", doc.getId());
        view.put("integrationId", doc.getString("integrationId"));
        view.put("status", doc.getString("status"));
        view.put("requestedBy", doc.getString("requestedBy"));
        view.put("startedAt", instant(doc, "startedAt"));
        view.put("finishedAt", instant(doc, "finishedAt"));
        view.put("drift", doc.getLong("drift"));
        view.put("error", doc.getString("error"));
        Object entities = doc.get("entities");
        view.put("entities", entities == null ? Map.of() : entities);
        return view;
    }

    private static String instant(DocumentSnapshot doc, String field) {
        var value = io.rostersync.core.firestore.FirestoreValues.instant(doc, field);
        return value == null ? null : value.toString();
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
