package io.rostersync.conflicts.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Conflicts opened ({@code rostersync.conflicts.opened}) and resolved ({@code rostersync.conflicts.resolved}, by
 * strategy) as Prometheus counters, so rates and the share of each strategy can be graphed; {@link ConflictMetrics}
 * gives the open backlog.
 */
@Component
public class ConflictCounters {

    private final MeterRegistry registry;

    ConflictCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A newly detected conflict was stored open (a redelivery or a superseded arrival does not count). */
    public void opened(String integrationId) {
        Counter.builder("rostersync.conflicts.opened").description("Conflicts stored open")
                .tag("integration", integrationId).register(registry).increment();
    }

    /**
     * @param integrationId the integration, or {@code any} for a bulk resolution across integrations
     * @param strategy {@code keep-local}, {@code keep-remote} or {@code merge}
     */
    public void resolved(String integrationId, String strategy, int count) {
        if (count > 0) {
            Counter.builder("rostersync.conflicts.resolved").description("Conflicts resolved by operators")
                    .tag("integration", integrationId).tag("strategy", strategy).register(registry).increment(count);
        }
    }
}
