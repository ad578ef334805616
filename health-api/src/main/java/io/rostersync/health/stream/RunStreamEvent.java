package io.rostersync.health.stream;

import io.rostersync.health.runs.RunView;
import java.time.Instant;
import java.util.Map;

/** What the run stream tells the dashboard. */
public sealed interface RunStreamEvent {

    /** The SSE event name. */
    String name();

    String integrationId();

    /** The SSE event's JSON data. */
    Object data();

    /** A run was queued, started, made progress or ended. */
    record RunChanged(RunView run) implements RunStreamEvent {
        @Override
        public String name() {
            return "run";
        }

        @Override
        public String integrationId() {
            return run.integrationId();
        }

        @Override
        public Object data() {
            return run;
        }
    }

    /** An integration's aggregate was updated after a run ended. */
    record HealthChanged(String integrationId, Instant at) implements RunStreamEvent {
        @Override
        public String name() {
            return "health";
        }

        @Override
        public Object data() {
            return Map.of("integrationId", integrationId, "at", at.toString());
        }
    }
}
