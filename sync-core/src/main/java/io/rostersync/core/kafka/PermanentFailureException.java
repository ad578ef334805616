package io.rostersync.core.kafka;

/** A message that will never succeed as it is (it refers to something that does not exist, ...): DLT without retries. */
public class PermanentFailureException extends RuntimeException {

    public PermanentFailureException(String message) {
        super(message);
    }
}
