package io.rostersync.core.events;

import java.util.List;
import java.util.Map;

/** Outcome of a {@link PushCommand}, one entry per outbox change. */
public record PushResult(
        String runId,
        String integrationId,
        List<ChangeOutcome> outcomes) implements SyncRecordsMessage {

    public PushResult {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }

    public enum Status { APPLIED, CONFLICT, REJECTED, FAILED }

    /**
     * @param newEtag the SIS's version after a successful write; for a conflict the version of the SIS's current
     *     record (what a resolution must be written against); else null
     * @param remote the SIS's current record when the write hit a conflict (412), else empty
     * @param reason why the change was not applied, else null
     */
    public record ChangeOutcome(String changeId, String sourcedId, Status status, String newEtag,
                                Map<String, Object> remote, String reason) {
        public ChangeOutcome {
            remote = io.rostersync.core.roster.Snapshots.copyOf(remote);
        }
    }
}
