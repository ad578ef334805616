package io.rostersync.deadletters.api;

import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.deadletters.replay.ReplayJob;
import io.rostersync.deadletters.replay.ReplayJobs;
import io.rostersync.deadletters.retry.DeadLetterRetries;
import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Dead-letter API: reading needs the viewer role, every action (POST/PUT) the operator role (sync-core's rules
 * for /api/**).
 */
@RestController
class DeadLettersController {

    /** Bounds one Firestore query and one response (payloads can be large). */
    static final int MAX_LIMIT = 200;

    private final SyncDeadLetters deadLetters;
    private final DeadLetterRetries retries;
    private final ReplayJobs replays;

    DeadLettersController(SyncDeadLetters deadLetters, DeadLetterRetries retries, ReplayJobs replays) {
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.replays = replays;
    }

    @GetMapping("/api/deadletters")
    Mono<DeadLetterList> list(@RequestParam(required = false) String topic,
                              @RequestParam(required = false) String integrationId,
                              @RequestParam(required = false) String exceptionClass,
                              @RequestParam(required = false) String status,
                              @RequestParam(required = false) String from,
                              @RequestParam(required = false) String to,
                              @RequestParam(required = false) String after,
                              @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(badRequest("limit must be between 1 and " + MAX_LIMIT + ", was " + limit));
        }
        SyncDeadLetters.Filter filter;
        try {
            filter = filter(topic, integrationId, exceptionClass, status, from, to);
        } catch (ResponseStatusException e) {
            return Mono.error(e);
        }
        return blocking(() -> {
            SyncDeadLetters.Page page = deadLetters.page(filter, blankToNull(after), limit);
            return new DeadLetterList(page.items(), page.nextCursor());
        });
    }

    @GetMapping("/api/deadletters/{id}")
    Mono<SyncDeadLetter> one(@PathVariable String id) {
        return blocking(() -> found(id, deadLetters.find(id)));
    }

    /** Republishes now, whatever its schedule: from pending, parked or replayed. */
    @PostMapping("/api/deadletters/{id}/retry")
    Mono<SyncDeadLetter> retry(@PathVariable String id) {
        return blocking(() -> {
            try {
                return found(id, retries.retryNow(id));
            } catch (IllegalStateException e) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
            } catch (DeadLetterRetries.ReplayFailedException e) {
                throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            }
        });
    }

    /** Replaces the payload (kept for the next replay); the letter must not be in the middle of a retry or discarded. */
    @PutMapping("/api/deadletters/{id}/payload")
    Mono<SyncDeadLetter> editPayload(@PathVariable String id, @RequestBody(required = false) PayloadEdit edit) {
        if (edit == null || edit.payloadBase64() == null || edit.payloadBase64().isBlank()) {
            return Mono.error(badRequest("payloadBase64 is required"));
        }
        try {
            Base64.getDecoder().decode(edit.payloadBase64());
        } catch (IllegalArgumentException e) {
            return Mono.error(badRequest("payloadBase64 is not valid base64: " + e.getMessage()));
        }
        return blocking(() -> change(id, l -> DeadLetterRetries.REPLAYABLE.contains(l.status()), "only "
                + DeadLetterRetries.REPLAYABLE + " letters can be edited", Map.of("payloadBase64", edit.payloadBase64(),
                "payloadEdited", true, "nextRetryAt", Optional.empty())));
    }

    /** Marks it as never to be applied; it stays listed (status {@code discarded}) for the record. */
    @PostMapping("/api/deadletters/{id}/discard")
    Mono<SyncDeadLetter> discard(@PathVariable String id) {
        return blocking(() -> change(id, l -> !SyncDeadLetter.RETRYING.equals(l.status()), "it is being retried; try again shortly",
                Map.of("status", SyncDeadLetter.DISCARDED, "nextRetryAt", Optional.empty())));
    }

    @PostMapping("/api/deadletters/replays")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<ReplayJob> replay(@RequestBody(required = false) ReplayRequest request, Principal principal) {
        ReplayRequest r = request == null ? new ReplayRequest(null, null, null, null, null, null) : request;
        SyncDeadLetters.Filter filter;
        try {
            filter = filter(r.topic(), r.integrationId(), r.exceptionClass(), r.status(), r.from(), r.to());
        } catch (ResponseStatusException e) {
            return Mono.error(e);
        }
        return blocking(() -> replays.start(filter, principal == null ? null : principal.getName()));
    }

    @GetMapping("/api/deadletters/replays/{id}")
    Mono<ReplayJob> replayJob(@PathVariable String id) {
        return blocking(() -> replays.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no replay job with id '" + id + "'")));
    }

    record PayloadEdit(String payloadBase64) {
    }

    record ReplayRequest(String topic, String integrationId, String exceptionClass, String status, String from, String to) {
    }

    private SyncDeadLetter change(String id, java.util.function.Predicate<SyncDeadLetter> allowed, String refusal, Map<String, Object> fields) {
        Map<String, Object> values = new java.util.HashMap<>();
        fields.forEach((k, v) -> values.put(k, v instanceof Optional<?> o ? o.orElse(null) : v));
        try {
            return found(id, deadLetters.change(id, allowed, refusal, values));
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (io.rostersync.core.firestore.FirestoreAccessException e) {
            if (e.getCause() instanceof IllegalStateException state) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, state.getMessage());
            }
            throw e;
        }
    }

    private static SyncDeadLetter found(String id, Optional<SyncDeadLetter> letter) {
        return letter.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter with id '" + id + "'"));
    }

    private static SyncDeadLetters.Filter filter(String topic, String integrationId, String exceptionClass, String status,
                                                 String from, String to) {
        String s = blankToNull(status);
        if (s != null && !SyncDeadLetter.STATUSES.contains(s)) {
            throw badRequest("status must be one of " + SyncDeadLetter.STATUSES + ", was '" + s + "'");
        }
        return new SyncDeadLetters.Filter(blankToNull(topic), blankToNull(integrationId), blankToNull(exceptionClass), s,
                instant("from", from), instant("to", to));
    }

    private static Instant instant(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, was '" + value + "'");
        }
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    /** Firestore calls block: keep them off the Netty event loop. */
    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
