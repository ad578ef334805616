package io.rostersync.conflicts.api;

import io.rostersync.conflicts.resolution.ResolutionNotPublishedException;
import io.rostersync.core.conflicts.ConflictStateException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The conflict API's own refusals as RFC 9457 problem details. */
@RestControllerAdvice(assignableTypes = ConflictsController.class)
class ConflictProblems {

    /** 409 with the conflict as it is now, so the client can show the fresh diff and decide again. */
    @ExceptionHandler(ConflictStateException.class)
    ResponseEntity<ProblemDetail> stale(ConflictStateException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict changed or already decided");
        problem.setProperty("current", ConflictView.of(e.current()));
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    /** A request that does not fit the conflict (for instance a merge that leaves a conflicting field undecided). */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    @ExceptionHandler(ResolutionNotPublishedException.class)
    ResponseEntity<ProblemDetail> notPublished(ResolutionNotPublishedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Resolution not yet delivered");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30").body(problem);
    }
}
