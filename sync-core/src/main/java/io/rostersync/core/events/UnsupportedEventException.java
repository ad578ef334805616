package io.rostersync.core.events;

/** A message this consumer can never process (bad envelope, unknown type or version, unreadable data): not retriable. */
public class UnsupportedEventException extends RuntimeException {

    public UnsupportedEventException(String message) {
        super(message);
    }

    public UnsupportedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
