package io.rostersync.core.events;

/**
 * A message RosterSync sends on Kafka as the data of a CloudEvent. Each topic's messages share a
 * sealed sub-interface so consumers can switch over them exhaustively.
 */
public sealed interface RosterEvent
        permits SisChangeEvent, SyncRequested, ConnectorCommand, SyncRecordsMessage, ConflictDetected, ConflictResolved {

    /** The integration the event belongs to; also the Kafka key on most topics. */
    String integrationId();
}
