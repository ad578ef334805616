package io.rostersync.conflicts.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ConflictCountersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConflictCounters counters = new ConflictCounters(registry);

    @Test
    void countsOpenedAndResolvedConflictsPerIntegrationAndStrategy() {
        counters.opened("alpha");
        counters.opened("alpha");
        counters.resolved("alpha", "merge", 1);
        counters.resolved("any", "keep-remote", 40);
        counters.resolved("alpha", "keep-local", 0);

        assertThat(registry.get("rostersync.conflicts.opened").tag("integration", "alpha").counter().count()).isEqualTo(2);
        assertThat(registry.get("rostersync.conflicts.resolved").tag("strategy", "merge").counter().count()).isEqualTo(1);
        assertThat(registry.get("rostersync.conflicts.resolved").tag("integration", "any").counter().count()).isEqualTo(40);
        assertThat(registry.find("rostersync.conflicts.resolved").tag("strategy", "keep-local").counter()).isNull();
    }
}
