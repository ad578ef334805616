package io.rostersync.deadletters.api;

import io.rostersync.core.firestore.FirestoreAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A Firestore failure is transient: 503 problem detail, so clients retry instead of reporting a bug. */
@RestControllerAdvice
class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(FirestoreAccessException.class)
    ProblemDetail firestoreUnavailable(FirestoreAccessException e) {
        log.warn("Firestore call failed: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Firestore did not answer; try again shortly");
        problem.setTitle("Firestore unavailable");
        return problem;
    }
}
