package io.rostersync.orchestrator.pauses;

import io.rostersync.core.integrations.BlackoutWindow;
import io.rostersync.core.integrations.Integration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** Whether an integration's scheduled runs are skipped at a moment: its blackout windows, read in its own time zone. */
public final class Blackouts {

    private Blackouts() {
    }

    /** The first of the integration's windows that covers {@code at}, if any. */
    public static Optional<BlackoutWindow> covering(Integration integration, Instant at) {
        ZonedDateTime local = at.atZone(ZoneId.of(integration.timeZone()));
        return integration.blackoutWindows().stream().filter(w -> w.covers(local)).findFirst();
    }

    /** The reason shown on a skipped scheduled run. */
    public static String reason(BlackoutWindow window, Integration integration, Instant tick) {
        return "skipped: scheduled tick " + tick + " falls in blackout window '" + window.name() + "' ("
                + describe(window) + ", " + integration.timeZone() + ")";
    }

    private static String describe(BlackoutWindow w) {
        StringBuilder text = new StringBuilder();
        if (w.fromDate() != null) {
            text.append(w.fromDate()).append(" to ").append(w.toDate());
        }
        if (!w.daysOfWeek().isEmpty()) {
            text.append(text.isEmpty() ? "" : ", ").append(w.daysOfWeek());
        }
        if (w.fromTime() != null) {
            text.append(text.isEmpty() ? "" : ", ").append(w.fromTime()).append("-").append(w.toTime());
        }
        return text.isEmpty() ? "always" : text.toString();
    }
}
