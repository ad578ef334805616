package io.rostersync.core.connector;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;

/**
 * The SPI every connector implements. Connectors are stateless: everything they need arrives in the command,
 * and they never touch Firestore. The {@link ConnectorRuntime} turns commands from Kafka into calls here and
 * results back into {@code sync.records} messages.
 */
public interface Connector {

    ConnectorCapabilities capabilities();

    /**
     * Pulls what the command asks for and hands each page to the sink as it arrives, so memory does not grow
     * with district size.
     *
     * @return the cursors to store once every batch is applied, and the entity types read in full
     * @throws ConnectorException when the pull cannot finish; its reason ends up on the failed run
     */
    PullOutcome pull(PullCommand command, BatchSink sink);

    /**
     * Writes local edits to the SIS.
     *
     * @throws ConnectorException when the connector cannot push at all (e.g. {@link ConnectorCapabilities#canPush()} is false)
     */
    PushResult push(PushCommand command);

    /** Checks auth and reachability and reports what the SIS declares; never throws. */
    ConnectionCheck check(ConnectionSettings connection);
}
