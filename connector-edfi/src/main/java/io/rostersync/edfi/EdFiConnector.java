package io.rostersync.edfi;

import io.rostersync.core.connector.BatchSink;
import io.rostersync.core.connector.ConnectionCheck;
import io.rostersync.core.connector.Connector;
import io.rostersync.core.connector.ConnectorCapabilities;
import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.PullOutcome;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;
import java.util.Map;
import java.util.Set;

/**
 * Ed-Fi ODS/API support is not built yet. This connector says so honestly: it declares no capabilities and answers
 * every pull and push with an {@code unsupported} failure, so an Ed-Fi integration's runs fail with a clear reason
 * instead of waiting forever for batches.
 */
public class EdFiConnector implements Connector {

    static final String NOT_AVAILABLE = "Ed-Fi pulls are not available in this version of RosterSync";
    static final String PUSH_NOT_AVAILABLE = "Ed-Fi pushes are not available in this version of RosterSync";

    @Override
    public ConnectorCapabilities capabilities() {
        return new ConnectorCapabilities(Set.of(), Set.of(), false);
    }

    @Override
    public PullOutcome pull(PullCommand command, BatchSink sink) {
        throw new ConnectorException("unsupported", NOT_AVAILABLE);
    }

    @Override
    public PushResult push(PushCommand command) {
        throw new ConnectorException("unsupported", PUSH_NOT_AVAILABLE);
    }

    @Override
    public ConnectionCheck check(ConnectionSettings connection) {
        return new ConnectionCheck(false, false, NOT_AVAILABLE, Map.of());
    }
}
