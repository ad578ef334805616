package io.rostersync.simulator.oneroster;

import org.springframework.http.HttpStatus;

/**
 * A failed OneRoster request, rendered as {@code imsx_StatusInfo}.
 *
 * @see ImsxStatus
 */
public class OneRosterException extends RuntimeException {

    private final HttpStatus status;
    private final String codeMinor;

    /**
     * @param codeMinor one of the spec's {@code imsx_codeMinorFieldValue} values, e.g. {@code unknownobject}
     */
    public OneRosterException(HttpStatus status, String codeMinor, String description) {
        super(description);
        this.status = status;
        this.codeMinor = codeMinor;
    }

    public HttpStatus status() {
        return status;
    }

    public String codeMinor() {
        return codeMinor;
    }

    static OneRosterException notFound(String what, String id) {
        return new OneRosterException(HttpStatus.NOT_FOUND, "unknownobject", "No " + what + " with sourcedId '" + id + "'");
    }

    static OneRosterException invalidFilter(String description) {
        return new OneRosterException(HttpStatus.BAD_REQUEST, "invalid_filter_field", description);
    }

    static OneRosterException invalidSelection(String description) {
        return new OneRosterException(HttpStatus.BAD_REQUEST, "invalid_selection_field", description);
    }

    static OneRosterException invalidData(String description) {
        return new OneRosterException(HttpStatus.BAD_REQUEST, "invaliddata", description);
    }
}
