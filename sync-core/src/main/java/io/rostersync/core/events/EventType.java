package io.rostersync.core.events;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CloudEvents {@code type} of each message: {@code rostersync.<name>.v<major>}. A consumer reads
 * this header before the data and rejects unknown names or majors to the DLT.
 */
public enum EventType {
    SIS_CHANGE("sis-change", SisChangeEvent.class),
    SYNC_REQUESTED("sync-requested", SyncRequested.class),
    PULL_COMMAND("pull-command", PullCommand.class),
    PUSH_COMMAND("push-command", PushCommand.class),
    RECORD_BATCH("record-batch", RecordBatch.class),
    PULL_COMPLETED("pull-completed", PullCompleted.class),
    PULL_FAILED("pull-failed", PullFailed.class),
    PUSH_RESULT("push-result", PushResult.class),
    CONFLICT_DETECTED("conflict-detected", ConflictDetected.class),
    CONFLICT_RESOLVED("conflict-resolved", ConflictResolved.class);

    public static final int CURRENT_MAJOR = 1;
    private static final Pattern TYPE = Pattern.compile("rostersync\\.([a-z-]+)\\.v(\\d+)");

    private final String name;
    private final Class<? extends RosterEvent> payload;

    EventType(String name, Class<? extends RosterEvent> payload) {
        this.name = name;
        this.payload = payload;
    }

    public String ceType() {
        return "rostersync." + name + ".v" + CURRENT_MAJOR;
    }

    public Class<? extends RosterEvent> payload() {
        return payload;
    }

    public static EventType of(RosterEvent event) {
        return Arrays.stream(values()).filter(t -> t.payload == event.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + event.getClass().getName()));
    }

    /**
     * @throws UnsupportedEventException for an unknown name, a major version other than v1, or a malformed type
     */
    public static EventType parse(String ceType) {
        if (ceType == null) {
            throw new UnsupportedEventException("missing ce_type header");
        }
        Matcher m = TYPE.matcher(ceType);
        if (!m.matches()) {
            throw new UnsupportedEventException("malformed ce_type '" + ceType + "'; expected rostersync.<name>.v<major>");
        }
        Optional<EventType> type = Arrays.stream(values()).filter(t -> t.name.equals(m.group(1))).findFirst();
        if (type.isEmpty()) {
            throw new UnsupportedEventException("unknown event type '" + ceType + "'");
        }
        if (Integer.parseInt(m.group(2)) != CURRENT_MAJOR) {
            throw new UnsupportedEventException("unsupported major version in '" + ceType + "'; this consumer reads v" + CURRENT_MAJOR);
        }
        return type.get();
    }
}
