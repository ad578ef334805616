package io.rostersync.health.stream;

import io.rostersync.health.runs.RunView;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The in-process bus of run status changes that the dashboard's stream subscribes to. Firestore listeners deliver a
 * run again for changes the dashboard does not show (heartbeats, a re-read after a listener restart); only a change
 * of status or counts goes out.
 */
@Component
public class RunEvents {

    /** Runs remembered for de-duplication; far more than are active or finish within a listener's overlap. */
    private static final int REMEMBERED = 10_000;

    private final Sinks.Many<RunStreamEvent> sink = Sinks.many().multicast().directBestEffort();
    private final Clock clock;
    private final Map<String, String> lastSent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    RunEvents(Clock clock) {
        this.clock = clock;
    }

    /** Publishes the run unless it was last published with the same status and counts. */
    public void runChanged(RunView run) {
        String fingerprint = run.status().value() + "|" + run.counts() + "|" + run.finishedAt();
        synchronized (this) {
            if (fingerprint.equals(lastSent.put(run.runId(), fingerprint))) {
                return;
            }
            sink.tryEmitNext(new RunStreamEvent.RunChanged(run));
        }
    }

    /** Tells subscribers that an integration's aggregate changed (its overview row is worth reloading). */
    public void healthChanged(String integrationId) {
        synchronized (this) {
            sink.tryEmitNext(new RunStreamEvent.HealthChanged(integrationId, clock.instant()));
        }
    }

    /** Every event from now on; a subscriber that cannot keep up misses events rather than slowing the others. */
    public Flux<RunStreamEvent> events() {
        return sink.asFlux();
    }

    /** Subscribers right now (a gauge). */
    public int subscribers() {
        return sink.currentSubscriberCount();
    }
}
