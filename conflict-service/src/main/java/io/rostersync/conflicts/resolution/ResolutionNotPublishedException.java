package io.rostersync.conflicts.resolution;

/**
 * The conflict is resolved in Firestore but its event did not reach Kafka; the republisher will send it. Answered
 * with 503 so the caller knows the record has not been updated yet.
 */
public class ResolutionNotPublishedException extends RuntimeException {

    public ResolutionNotPublishedException(String conflictId, Throwable cause) {
        super("conflict " + conflictId + " is resolved but its resolution could not be sent to Kafka yet; it will be retried", cause);
    }
}
