package io.rostersync.gateway.webhooks;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** A webhook the gateway refuses; becomes a problem detail with this status and the message as {@code detail}. */
class WebhookRejectedException extends RuntimeException {

    private final HttpStatus status;
    private final Duration retryAfter;

    WebhookRejectedException(HttpStatus status, String detail) {
        this(status, detail, null);
    }

    private WebhookRejectedException(HttpStatus status, String detail, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    HttpStatus status() {
        return status;
    }

    /** @return how long the sender should wait, or null to use the configured default */
    Duration retryAfter() {
        return retryAfter;
    }

    static WebhookRejectedException tooManyRequests(String integrationId, Duration retryAfter) {
        return new WebhookRejectedException(HttpStatus.TOO_MANY_REQUESTS, "integration '" + integrationId
                + "' sends webhooks faster than its rate limit; retry after the Retry-After delay", retryAfter);
    }

    static WebhookRejectedException badRequest(String detail) {
        return new WebhookRejectedException(HttpStatus.BAD_REQUEST, detail);
    }

    static WebhookRejectedException notFound(String detail) {
        return new WebhookRejectedException(HttpStatus.NOT_FOUND, detail);
    }

    static WebhookRejectedException tooLarge(long maxBytes) {
        return new WebhookRejectedException(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
    }

    static WebhookRejectedException unavailable(String detail) {
        return new WebhookRejectedException(HttpStatus.SERVICE_UNAVAILABLE, detail);
    }

    /** A 503 that tells the sender to retry sooner than the configured default. */
    static WebhookRejectedException unavailable(String detail, Duration retryAfter) {
        return new WebhookRejectedException(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter);
    }
}
