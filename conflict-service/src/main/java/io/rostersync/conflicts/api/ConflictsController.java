package io.rostersync.conflicts.api;

import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.conflicts.SyncConflicts;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Read-only conflict API for operators (viewer role, sync-core's default for /api/**). */
@RestController
class ConflictsController {

    /** Bounds one Firestore query and one response. */
    static final int MAX_LIMIT = 200;
    private static final Set<String> STATUSES = Set.of(SyncConflict.OPEN, SyncConflict.RESOLVED);

    private final SyncConflicts conflicts;

    ConflictsController(SyncConflicts conflicts) {
        this.conflicts = conflicts;
    }

    @GetMapping("/api/conflicts")
    Mono<ConflictList> list(@RequestParam(required = false) String integrationId,
                            @RequestParam(required = false) String status,
                            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "limit must be between 1 and " + MAX_LIMIT + ", was " + limit));
        }
        String statusFilter = blankToNull(status);
        if (statusFilter != null && !STATUSES.contains(statusFilter)) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "unknown status '" + statusFilter + "'; expected open or resolved"));
        }
        // Firestore calls block: keep them off the Netty event loop.
        return Mono.fromCallable(() -> new ConflictList(conflicts.page(blankToNull(integrationId), statusFilter, limit)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/api/conflicts/{conflictId}")
    Mono<SyncConflict> one(@PathVariable String conflictId) {
        return Mono.fromCallable(() -> conflicts.find(conflictId).orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no conflict with id '" + conflictId + "'")))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
