package io.rostersync.health.web;

import io.rostersync.core.firestore.FirestoreAccessException;
import io.rostersync.core.kafka.EventPublisher.EventPublishException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Infrastructure failures as RFC 9457 problem details: both are transient, so 503 tells clients to try again.
 * Validation and not-found answers are {@code ResponseStatusException}s, rendered by Spring's problem-details support.
 */
@RestControllerAdvice
public class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(EventPublishException.class)
    ProblemDetail kafkaUnavailable(EventPublishException e) {
        log.warn("Kafka did not acknowledge an event: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the sync request could not be queued because Kafka did not acknowledge it; try again shortly");
        problem.setTitle("Kafka unavailable");
        return problem;
    }

    @ExceptionHandler(FirestoreAccessException.class)
    ProblemDetail firestoreUnavailable(FirestoreAccessException e) {
        log.warn("Firestore call failed: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Firestore did not answer; try again shortly");
        problem.setTitle("Firestore unavailable");
        return problem;
    }
}
