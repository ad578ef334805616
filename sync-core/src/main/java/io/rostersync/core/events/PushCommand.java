package io.rostersync.core.events;

import java.util.List;

/** Asks a connector that can push to write local edits back to the SIS. */
public record PushCommand(
        String runId,
        String integrationId,
        ConnectionSettings connection,
        List<OutboxChange> changes) implements ConnectorCommand {

    public PushCommand {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
