package io.rostersync.core.events;

/** Messages on {@code connector.<type>.commands}: what the orchestrator asks a connector to do. */
public sealed interface ConnectorCommand extends RosterEvent permits PullCommand, PushCommand {

    String runId();

    ConnectionSettings connection();
}
