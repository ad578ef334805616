package io.rostersync.deadletters.replay;

import io.rostersync.core.deadletters.SyncDeadLetters;
import java.time.Instant;

/**
 * A bulk replay by filter, at {@code syncDeadLetterReplays/{id}}; clients poll it for progress.
 *
 * @param total letters matching the filter when the job started
 * @param done letters republished
 * @param failed letters whose republish failed (they are pending again)
 * @param skipped letters that matched but were not replayable (discarded, or being retried elsewhere)
 * @param status {@code running}, {@code completed} or {@code failed}
 */
public record ReplayJob(String id, String status, SyncDeadLetters.Filter filter, long total, long done, long failed,
                        long skipped, String requestedBy, Instant createdAt, Instant updatedAt, String error) {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
}
