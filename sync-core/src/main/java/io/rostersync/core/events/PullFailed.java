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

    /**
     * The error class of a pull whose cursor is older than what the SIS still serves (Ed-Fi change-version retention):
     * catching up by changes would miss some, so the orchestrator drops the cursors and resyncs in full.
     */
    public static final String CURSOR_EXPIRED = "cursor-expired";
}
