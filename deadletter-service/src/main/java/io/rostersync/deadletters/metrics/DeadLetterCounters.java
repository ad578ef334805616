package io.rostersync.deadletters.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Dead letters captured ({@code rostersync.deadletters.captured}, by original topic) and replays
 * ({@code rostersync.deadletters.replays}, by outcome) as Prometheus counters: how fast messages fail, and whether
 * retrying them works.
 */
@Component
public class DeadLetterCounters {

    private final MeterRegistry registry;

    DeadLetterCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A dead letter was stored for the first time (a redelivered DLT record does not count). */
    public void captured(String originalTopic) {
        Counter.builder("rostersync.deadletters.captured").description("Dead letters stored")
                .tag("topic", String.valueOf(originalTopic)).register(registry).increment();
    }

    /** Letters republished to their topic, and letters whose republish failed (they wait for the next retry). */
    public void replays(int replayed, int failed) {
        if (replayed > 0) {
            counter("replayed").increment(replayed);
        }
        if (failed > 0) {
            counter("failed").increment(failed);
        }
    }

    private Counter counter(String outcome) {
        return Counter.builder("rostersync.deadletters.replays").description("Dead-letter replays, automatic and by operators")
                .tag("outcome", outcome).register(registry);
    }
}
