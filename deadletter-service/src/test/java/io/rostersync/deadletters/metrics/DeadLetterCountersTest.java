package io.rostersync.deadletters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DeadLetterCountersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeadLetterCounters counters = new DeadLetterCounters(registry);

    @Test
    void countsCapturedLettersByTopicAndReplaysByOutcome() {
        counters.captured("sync.records");
        counters.captured("connector.oneroster.commands");
        counters.captured("sync.records");
        counters.replays(3, 1);
        counters.replays(0, 0);

        assertThat(registry.get("rostersync.deadletters.captured").tag("topic", "sync.records").counter().count()).isEqualTo(2);
        assertThat(registry.get("rostersync.deadletters.replays").tag("outcome", "replayed").counter().count()).isEqualTo(3);
        assertThat(registry.get("rostersync.deadletters.replays").tag("outcome", "failed").counter().count()).isEqualTo(1);
    }
}
