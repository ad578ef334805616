package io.rostersync.simulator.edfi;

import org.springframework.http.HttpStatus;

/** A failed Ed-Fi request, answered as an RFC 9457 problem detail with an Ed-Fi style {@code type} URN. */
class EdFiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;

    EdFiException(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    HttpStatus status() {
        return status;
    }

    String type() {
        return type;
    }

    String title() {
        return title;
    }

    static EdFiException badRequest(String detail) {
        return new EdFiException(HttpStatus.BAD_REQUEST, "urn:ed-fi:api:bad-request", "Bad Request", detail);
    }

    static EdFiException notFound(String detail) {
        return new EdFiException(HttpStatus.NOT_FOUND, "urn:ed-fi:api:not-found", "Not Found", detail);
    }

    static EdFiException stale() {
        return new EdFiException(HttpStatus.PRECONDITION_FAILED, "urn:ed-fi:api:optimistic-lock-failed",
                "Optimistic Lock Failed", "The item has been modified by another user (If-Match does not match _etag).");
    }

    static EdFiException notSupported(String detail) {
        return new EdFiException(HttpStatus.METHOD_NOT_ALLOWED, "urn:ed-fi:api:method-not-allowed",
                "Method Not Allowed", detail);
    }
}
