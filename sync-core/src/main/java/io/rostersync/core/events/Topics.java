package io.rostersync.core.events;

import io.rostersync.core.integrations.ConnectorType;

/** Kafka topic names of ARCHITECTURE.md, in one place. */
public final class Topics {

    public static final String SIS_CHANGES = "sis.changes";
    public static final String SYNC_REQUESTS = "sync.requests";
    public static final String SYNC_RECORDS = "sync.records";
    public static final String SYNC_CONFLICTS = "sync.conflicts";
    public static final String SYNC_RESOLUTIONS = "sync.resolutions";
    public static final String ONEROSTER_COMMANDS = "connector.oneroster.commands";
    public static final String EDFI_COMMANDS = "connector.edfi.commands";
    public static final String DLT_SUFFIX = ".DLT";
    /** Pattern the dead-letter service subscribes to, so new DLTs are picked up without a redeploy. */
    public static final String DLT_PATTERN = ".*\\.DLT";

    private Topics() {
    }

    public static String commandsFor(ConnectorType connector) {
        return switch (connector) {
            case ONEROSTER -> ONEROSTER_COMMANDS;
            case EDFI -> EDFI_COMMANDS;
        };
    }

    public static String deadLetterOf(String topic) {
        return topic + DLT_SUFFIX;
    }

    /** Every topic a RosterSync service consumes, each with its DLT. */
    public static java.util.List<String> consumed() {
        return java.util.List.of(SIS_CHANGES, SYNC_REQUESTS, SYNC_RECORDS, SYNC_CONFLICTS, SYNC_RESOLUTIONS,
                ONEROSTER_COMMANDS, EDFI_COMMANDS);
    }
}
