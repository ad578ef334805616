package io.rostersync.deadletters.api;

import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.deadletters.SyncDeadLetters;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Read-only dead-letter API for operators (viewer role, sync-core's default for /api/**). */
@RestController
class DeadLettersController {

    /** Bounds one Firestore query and one response (payloads can be large). */
    static final int MAX_LIMIT = 200;

    private final SyncDeadLetters deadLetters;

    DeadLettersController(SyncDeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** {@code status} is not checked against a list: retry and replay will add statuses beyond {@code pending}. */
    @GetMapping("/api/deadletters")
    Mono<DeadLetterList> list(@RequestParam(required = false) String integrationId,
                              @RequestParam(required = false) String status,
                              @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "limit must be between 1 and " + MAX_LIMIT + ", was " + limit));
        }
        // Firestore calls block: keep them off the Netty event loop.
        return Mono.fromCallable(() -> new DeadLetterList(deadLetters.page(blankToNull(integrationId), blankToNull(status), limit)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/api/deadletters/{id}")
    Mono<SyncDeadLetter> one(@PathVariable String id) {
        return Mono.fromCallable(() -> deadLetters.find(id).orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no dead letter with id '" + id + "'")))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
