package io.rostersync.core.connector;

/**
 * A connector gave up.
 *
 * @see #errorClass() the classified cause shown on the failed run: {@code auth}, {@code unreachable},
 *     {@code protocol}, {@code rate-limited}, {@code config}, {@code unsupported}
 */
public class ConnectorException extends RuntimeException {

    private final String errorClass;

    public ConnectorException(String errorClass, String message) {
        super(message);
        this.errorClass = errorClass;
    }

    public ConnectorException(String errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
    }

    public String errorClass() {
        return errorClass;
    }

    /** The SIS was down or throttling: the same command may well succeed later, so it is kept for replay. */
    public boolean transientFailure() {
        return "unreachable".equals(errorClass) || "rate-limited".equals(errorClass);
    }
}
