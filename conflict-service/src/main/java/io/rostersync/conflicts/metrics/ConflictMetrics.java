package io.rostersync.conflicts.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Open conflicts per integration ({@code rostersync.conflicts.open}) and the age of the oldest
 * ({@code rostersync.conflicts.oldest.age.seconds}), recounted on a schedule with Firestore count aggregations.
 * The age is computed at scrape time from the oldest detection instant, so it keeps growing between recounts.
 */
@Component
public class ConflictMetrics {

    private static final Logger log = LoggerFactory.getLogger(ConflictMetrics.class);

    private final SyncConflicts conflicts;
    private final Integrations integrations;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Instant>> oldest = new ConcurrentHashMap<>();
    /** Integrations seen in conflict events, so conflicts of an integration not (or no longer) registered still count. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    ConflictMetrics(SyncConflicts conflicts, Integrations integrations, MeterRegistry registry, Clock clock) {
        this.conflicts = conflicts;
        this.integrations = integrations;
        this.registry = registry;
        this.clock = clock;
    }

    /** Makes sure the next recount includes this integration. */
    public void track(String integrationId) {
        seen.add(integrationId);
    }

    @Scheduled(fixedDelayString = "${rostersync.conflicts.metrics-refresh}", initialDelay = 1000)
    public void refresh() {
        Set<String> ids = new LinkedHashSet<>(seen);
        ids.addAll(open.keySet());
        try {
            integrations.list().stream().map(Integration::integrationId).forEach(ids::add);
        } catch (RuntimeException e) {
            log.warn("Could not list integrations for conflict metrics: {}", e.getMessage());
        }
        for (String id : ids) {
            long count = conflicts.countOpen(id);
            Instant first = count == 0 ? null : conflicts.oldestOpen(id).orElse(null);
            gauges(id);
            open.get(id).set(count);
            oldest.get(id).set(first);
        }
    }

    private void gauges(String integrationId) {
        open.computeIfAbsent(integrationId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("rostersync.conflicts.open", value, AtomicLong::get).tag("integration", id)
                    .description("Open conflicts of the integration").register(registry);
            return value;
        });
        oldest.computeIfAbsent(integrationId, id -> {
            AtomicReference<Instant> value = new AtomicReference<>();
            Gauge.builder("rostersync.conflicts.oldest.age.seconds", value, v -> v.get() == null ? 0
                            : Math.max(0, Duration.between(v.get(), clock.instant()).toMillis() / 1000.0))
                    .tag("integration", id).description("Age of the integration's oldest open conflict")
                    .register(registry);
            return value;
        });
    }
}
