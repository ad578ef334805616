package io.rostersync.gateway.webhooks;

import org.springframework.http.HttpStatus;

/** A webhook the gateway refuses; becomes a problem detail with this status and the message as {@code detail}. */
class WebhookRejectedException extends RuntimeException {

    private final HttpStatus status;

    WebhookRejectedException(HttpStatus status, String detail) {
        super(detail);
        this.status = status;
    }

    HttpStatus status() {
        return status;
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
}
