package io.rostersync.core.firestore;

/** Firestore failed or timed out; retriable. */
public class FirestoreAccessException extends RuntimeException {

    public FirestoreAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
