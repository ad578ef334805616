package io.rostersync.core.events;

/**
 * A pull that a connector gave up on.
 *
 * @param reason a human-readable cause, safe to show operators (no secrets, no personal data)
 * @param errorClass the classified cause, e.g. {@code auth}, {@code unreachable}, {@code protocol}
 * @param batchesSent batches sent before the failure (they may be applied; the cursor still stays)
 */
public record PullFailed(
        String runId,
        String integrationId,
        String reason,
        String errorClass,
        long batchesSent) implements SyncRecordsMessage {
}
