package io.rostersync.orchestrator.trail;

import io.rostersync.core.roster.EntityType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A roster record's trail (viewer). */
@RestController
class TrailController {

    private final RecordTrails trails;

    TrailController(RecordTrails trails) {
        this.trails = trails;
    }

    @GetMapping("/api/integrations/{id}/records/{entityType}/{recordId}/trail")
    Mono<ResponseEntity<Object>> trail(@PathVariable String id, @PathVariable String entityType, @PathVariable String recordId) {
        return Mono.<ResponseEntity<Object>>fromCallable(() -> {
            EntityType type;
            try {
                type = EntityType.fromCollection(entityType);
            } catch (IllegalArgumentException e) {
                return problem(HttpStatus.BAD_REQUEST, "unknown entity type '" + entityType + "'");
            }
            return trails.trail(id, type, recordId).<ResponseEntity<Object>>map(ResponseEntity::ok)
                    .orElseGet(() -> problem(HttpStatus.NOT_FOUND, entityType + " record '" + recordId + "' of integration '" + id
                            + "' has no trail: RosterSync never held it"));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Beans {
        @org.springframework.context.annotation.Bean
        RecordTrails recordTrails(com.google.cloud.firestore.Firestore firestore, io.rostersync.core.runs.SyncRuns runs) {
            return new RecordTrails(firestore, runs);
        }
    }
}
