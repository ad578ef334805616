package io.rostersync.simulator.edfi;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A failed Ed-Fi request, answered as an RFC 9457 problem detail with the {@code type} URNs and titles of the
 * ODS/API 7 (and, for invalid bodies, its {@code validationErrors} keyed by JSON path).
 */
class EdFiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, List<String>> validationErrors;

    EdFiException(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, null);
    }

    private EdFiException(HttpStatus status, String type, String title, String detail,
            Map<String, List<String>> validationErrors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.validationErrors = validationErrors;
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

    /** Null unless the body failed validation. */
    Map<String, List<String>> validationErrors() {
        return validationErrors;
    }

    static EdFiException badRequest(String detail) {
        return new EdFiException(HttpStatus.BAD_REQUEST, "urn:ed-fi:api:bad-request", "Bad Request", detail);
    }

    /** @param errors JSON path ({@code $.schoolReference.schoolId}) → messages */
    static EdFiException validation(Map<String, List<String>> errors) {
        return new EdFiException(HttpStatus.BAD_REQUEST, "urn:ed-fi:api:bad-request:data-validation-failed",
                "Data Validation Failed", "Data validation failed. See 'validationErrors' for details.",
                Map.copyOf(errors));
    }

    static EdFiException invalid(String path, String message) {
        return validation(Map.of(path, List.of(message)));
    }

    static EdFiException keyChangeNotSupported(String resource) {
        return new EdFiException(HttpStatus.BAD_REQUEST,
                "urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported", "Key Change Not Supported",
                "Identifying values for the " + resource + " resource cannot be changed. Delete and recreate the "
                        + "resource item instead.");
    }

    static EdFiException notFound(String detail) {
        return new EdFiException(HttpStatus.NOT_FOUND, "urn:ed-fi:api:not-found", "Not Found", detail);
    }

    /** A reference in the body names an item that does not exist. */
    static EdFiException unresolvedReference(String referenced) {
        return new EdFiException(HttpStatus.CONFLICT, "urn:ed-fi:api:conflict:unresolved-reference",
                "Unresolved Reference", "The referenced '" + referenced + "' item does not exist.");
    }

    /** The write would leave the data in a state the simulator cannot hold (e.g. a second item with one key). */
    static EdFiException conflict(String detail) {
        return new EdFiException(HttpStatus.CONFLICT, "urn:ed-fi:api:conflict", "Resource Data Conflict", detail);
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
