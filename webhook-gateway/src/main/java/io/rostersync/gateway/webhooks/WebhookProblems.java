package io.rostersync.gateway.webhooks;

import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.verification.SignatureRejectedException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every refusal of the webhook endpoint as an RFC 9457 problem detail; 503s tell the sender when to retry. */
@RestControllerAdvice(assignableTypes = WebhookController.class)
class WebhookProblems {

    private static final Logger log = LoggerFactory.getLogger(WebhookProblems.class);

    private final long retryAfterSeconds;

    WebhookProblems(GatewaySettings settings) {
        this.retryAfterSeconds = settings.retryAfter().toSeconds();
    }

    @ExceptionHandler(WebhookRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(WebhookRejectedException e, ServerHttpRequest request) {
        ResponseEntity<ProblemDetail> answer = problem(e.status(), e.getMessage(), request);
        if (e.retryAfter() != null) {
            // Whole seconds, rounded up: Retry-After has no fractions, and 0 would invite an immediate retry.
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            return ResponseEntity.status(answer.getStatusCode()).headers(h -> {
                h.addAll(answer.getHeaders());
                h.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            }).body(answer.getBody());
        }
        return answer;
    }

    @ExceptionHandler(SignatureRejectedException.class)
    ResponseEntity<ProblemDetail> unsigned(SignatureRejectedException e, ServerHttpRequest request) {
        return problem(HttpStatus.UNAUTHORIZED, e.getMessage(), request);
    }

    private ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, ServerHttpRequest request) {
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            // Refusals over the rate limit can come thousands a second; one line each would flood the log.
            log.debug("Webhook {} refused with {}: {}", request.getPath().value(), status.value(), detail);
        } else {
            log.info("Webhook {} refused with {}: {}", request.getPath().value(), status.value(), detail);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getPath().value()));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return response.body(problem);
    }
}
