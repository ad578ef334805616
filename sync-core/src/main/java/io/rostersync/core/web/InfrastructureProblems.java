package io.rostersync.core.web;

import io.rostersync.core.firestore.FirestoreAccessException;
import io.rostersync.core.kafka.EventPublisher.EventPublishException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Infrastructure failures behind any service's API as RFC 9457 problem details. Both are transient, so
 * 503 with {@code Retry-After} tells clients to try again rather than report a bug; nothing was half-applied
 * because the call failed before it could commit.
 */
@RestControllerAdvice
public class InfrastructureProblems {

    private static final Logger log = LoggerFactory.getLogger(InfrastructureProblems.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(EventPublishException.class)
    public ResponseEntity<ProblemDetail> kafkaUnavailable(EventPublishException e) {
        log.warn("Kafka did not acknowledge an event: {}", e.getMessage());
        return unavailable("Kafka unavailable", "the request could not be queued because Kafka did not acknowledge it; try again shortly");
    }

    @ExceptionHandler(FirestoreAccessException.class)
    public ResponseEntity<ProblemDetail> firestoreUnavailable(FirestoreAccessException e) {
        log.warn("Firestore call failed: {}", e.getMessage());
        return unavailable("Firestore unavailable", "Firestore did not answer; try again shortly");
    }

    private static ResponseEntity<ProblemDetail> unavailable(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle(title);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problem);
    }
}
