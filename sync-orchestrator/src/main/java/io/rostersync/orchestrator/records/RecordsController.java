package io.rostersync.orchestrator.records;

import io.rostersync.core.roster.EntityType;
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
    private final io.rostersync.core.integrations.Integrations integrations;
    private final io.rostersync.core.kafka.EventPublisher publisher;
    private final Clock clock;

    RecordsController(LocalEdits edits, io.rostersync.core.integrations.Integrations integrations,
                      io.rostersync.core.kafka.EventPublisher publisher, Clock clock) {
        this.edits = edits;
        this.integrations = integrations;
        this.publisher = publisher;
        this.clock = clock;
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
            pushSoon(integrationId, editor);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("changeId", edit.changeId());
            body.put("record", edit.record());
            return ResponseEntity.ok(body);
        });
    }

    /**
     * Asks for a push run right after an edit where the SIS takes writes; a burst of edits coalesces into one
     * queued follow-up push. Where it does not, the edit waits in the outbox (and a push request says why).
     */
    private void pushSoon(String integrationId, String editor) {
        integrations.find(integrationId).filter(i -> i.enabled() && i.connector().writable()).ifPresent(i ->
                publisher.publishAndWait(io.rostersync.core.events.Topics.SYNC_REQUESTS, integrationId,
                        java.util.UUID.randomUUID().toString(), null, new io.rostersync.core.events.SyncRequested(integrationId,
                                io.rostersync.core.runs.RunType.MANUAL, io.rostersync.core.runs.Direction.PUSH, java.util.List.of(),
                                editor, clock.instant())));
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
