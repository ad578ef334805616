package io.rostersync.orchestrator.records;

import io.rostersync.core.roster.EntityType;
import io.rostersync.orchestrator.push.PushRequests;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Read a roster record as RosterSync holds it, and edit it locally (the edit is queued for push to the SIS). */
@RestController
@RequestMapping("/api/integrations/{integrationId}/records/{entityType}/{recordId}")
class RecordsController {

    private final LocalEdits edits;
    private final PushRequests pushes;

    RecordsController(LocalEdits edits, PushRequests pushes) {
        this.edits = edits;
        this.pushes = pushes;
    }

    @GetMapping
    Mono<ResponseEntity<Object>> get(@PathVariable String integrationId, @PathVariable String entityType, @PathVariable String recordId) {
        return Mono.fromCallable(() -> {
            EntityType type = parse(entityType);
            if (type == null) {
                return problem(HttpStatus.BAD_REQUEST, "unknown entity type '" + entityType + "'");
            }
            return edits.read(integrationId, type, recordId).<ResponseEntity<Object>>map(ResponseEntity::ok)
                    .orElseGet(() -> problem(HttpStatus.NOT_FOUND, entityType + " record '" + recordId + "' does not exist in integration '"
                            + integrationId + "'"));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @PatchMapping
    Mono<ResponseEntity<Object>> patch(@PathVariable String integrationId, @PathVariable String entityType, @PathVariable String recordId,
                                       @RequestBody Map<String, Object> fields, Mono<Principal> principal) {
        return principal.map(Principal::getName).defaultIfEmpty("unknown").publishOn(Schedulers.boundedElastic()).map(editor -> {
            EntityType type = parse(entityType);
            if (type == null) {
                return problem(HttpStatus.BAD_REQUEST, "unknown entity type '" + entityType + "'");
            }
            LocalEdits.Edit edit = edits.edit(integrationId, type, recordId, fields, editor);
            if (edit.refusal() != null) {
                return problem(edit.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST, edit.refusal());
            }
            pushes.requestSoon(integrationId, editor);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("changeId", edit.changeId());
            body.put("record", edit.record());
            return ResponseEntity.ok(body);
        });
    }

    private static EntityType parse(String entityType) {
        try {
            return EntityType.fromCollection(entityType);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    @Configuration(proxyBeanMethods = false)
    static class Wiring {
        @Bean
        LocalEdits localEdits(com.google.cloud.firestore.Firestore firestore, Clock clock) {
            return new LocalEdits(firestore, clock);
        }
    }
}
