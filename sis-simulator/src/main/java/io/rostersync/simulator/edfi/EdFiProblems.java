package io.rostersync.simulator.edfi;

import java.net.URI;
import java.util.TreeMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Ed-Fi errors are RFC 9457 problem details with {@code type}, {@code title}, {@code detail} and a correlation id. */
@RestControllerAdvice(assignableTypes = EdFiController.class)
class EdFiProblems {

    private static final Logger log = LoggerFactory.getLogger(EdFiProblems.class);

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        problem.setTitle(title);
        problem.setProperty("correlationId", UUID.randomUUID().toString());
        return problem;
    }

    @ExceptionHandler(EdFiException.class)
    ResponseEntity<ProblemDetail> failed(EdFiException e) {
        ProblemDetail problem = problem(e.status(), e.type(), e.title(), e.getMessage());
        if (e.validationErrors() != null) {
            problem.setProperty("validationErrors", new TreeMap<>(e.validationErrors()));
        }
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> badInput(ServerWebInputException e) {
        return failed(EdFiException.badRequest("The request body could not be read: " + e.getReason()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Ed-Fi request failed", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "urn:ed-fi:api:system", "System Error",
                        "An unexpected error occurred on the server."));
    }
}
