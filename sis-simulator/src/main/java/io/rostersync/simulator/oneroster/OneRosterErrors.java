package io.rostersync.simulator.oneroster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** OneRoster clients expect {@code imsx_StatusInfo} bodies, not problem details, for every failure. */
@RestControllerAdvice(assignableTypes = OneRosterController.class)
class OneRosterErrors {

    private static final Logger log = LoggerFactory.getLogger(OneRosterErrors.class);

    @ExceptionHandler(OneRosterException.class)
    ResponseEntity<ImsxStatus> failed(OneRosterException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON)
                .body(ImsxStatus.failure(e.codeMinor(), e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ImsxStatus> unexpected(Exception e) {
        log.error("OneRoster request failed", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_JSON)
                .body(ImsxStatus.failure("internal_server_error", "Internal error"));
    }
}
