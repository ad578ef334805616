package io.rostersync.core.connector;

import io.rostersync.core.kafka.PermanentFailureException;

/**
 * The failure a rejected record's dead letter names: permanent, because the same record fails the same way until
 * someone fixes it in the SIS (the next pull then reads the corrected record), so it is never retried automatically.
 */
public class RejectedRecordException extends PermanentFailureException {

    public RejectedRecordException(String message) {
        super(message);
    }
}
