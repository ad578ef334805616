package io.rostersync.health.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rostersync.core.integrations.Integration;
import io.rostersync.health.aggregates.FleetView;
import io.rostersync.health.aggregates.IntegrationAggregate;
import io.rostersync.health.aggregates.Tally;
import io.rostersync.health.backlog.BacklogCounts;
import io.rostersync.health.feed.AggregateUpdater;
import io.rostersync.health.lag.ConsumerLag;
import io.rostersync.health.stream.RunEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The fleet's health for Prometheus: runs by status and records applied over the last 24 hours (from the aggregates),
 * open conflicts and waiting dead letters (from {@link BacklogCounts}), consumer lag per group (from
 * {@link ConsumerLag}), and the health API's own feed backlog and stream subscribers. HTTP latencies are Spring's
 * {@code http.server.requests}. Values are refreshed on a schedule; a scrape only reads them.
 */
@Component
class HealthMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(HealthMetrics.class);

    private final FleetView fleetView;
    private final BacklogCounts backlog;
    private final ConsumerLag lag;
    private final AggregateUpdater updater;
    private final RunEvents events;
    private final Clock clock;
    private MultiGauge runs;
    private MultiGauge applied;
    private MultiGauge conflicts;
    private MultiGauge deadLetters;
    private MultiGauge consumerLag;
    private MultiGauge freshnessSeconds;
    private final io.rostersync.health.freshness.FreshnessReadings freshness;

    HealthMetrics(FleetView fleetView, BacklogCounts backlog, ConsumerLag lag, AggregateUpdater updater, RunEvents events,
                  io.rostersync.health.freshness.FreshnessReadings freshness, Clock clock) {
        this.fleetView = fleetView;
        this.freshness = freshness;
        this.backlog = backlog;
        this.lag = lag;
        this.updater = updater;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        runs = MultiGauge.builder("rostersync.health.runs").description("Runs that ended in the last 24 hours, by status")
                .register(registry);
        applied = MultiGauge.builder("rostersync.health.records.applied")
                .description("Records created, updated or deleted by runs that ended in the last 24 hours").register(registry);
        conflicts = MultiGauge.builder("rostersync.health.conflicts.open").description("Open conflicts").register(registry);
        deadLetters = MultiGauge.builder("rostersync.health.deadletters.waiting")
                .description("Dead letters pending, being retried or parked").register(registry);
        consumerLag = MultiGauge.builder("rostersync.kafka.consumer.lag")
                .description("Messages not yet committed by the consumer group, over all its partitions").register(registry);
        freshnessSeconds = MultiGauge.builder("rostersync.health.freshness").baseUnit("seconds")
                .description("Age of the newest SIS change applied to the integration's roster").register(registry);
        Gauge.builder("rostersync.health.feed.backlog", updater, AggregateUpdater::backlog)
                .description("Finished runs waiting to be counted into the aggregates").register(registry);
        Gauge.builder("rostersync.health.stream.subscribers", events, RunEvents::subscribers)
                .description("Dashboards following the run stream").register(registry);
    }

    @Scheduled(fixedDelayString = "${rostersync.health.metrics.refresh}", initialDelay = 0)
    public synchronized void refresh() {
        if (runs == null) {
            return;
        }
        try {
            Instant now = clock.instant();
            FleetView.Snapshot fleet = fleetView.snapshot();
            List<String> ids = fleet.integrations().stream().map(Integration::integrationId).toList();
            Map<String, IntegrationAggregate> byId = fleet.aggregates();
            List<MultiGauge.Row<?>> runRows = new ArrayList<>();
            List<MultiGauge.Row<?>> appliedRows = new ArrayList<>();
            for (String id : ids) {
                IntegrationAggregate aggregate = byId.getOrDefault(id, IntegrationAggregate.empty(id));
                Tally day = aggregate.last24Hours(now);
                runRows.add(MultiGauge.Row.of(Tags.of("integration", id, "status", "succeeded"), day.succeeded()));
                runRows.add(MultiGauge.Row.of(Tags.of("integration", id, "status", "partial"), day.partial()));
                runRows.add(MultiGauge.Row.of(Tags.of("integration", id, "status", "failed"), day.failed()));
                runRows.add(MultiGauge.Row.of(Tags.of("integration", id, "status", "cancelled"), day.cancelled()));
                appliedRows.add(MultiGauge.Row.of(Tags.of("integration", id), day.applied()));
            }
            runs.register(runRows, true);
            applied.register(appliedRows, true);
        } catch (RuntimeException e) {
            log.warn("Refreshing the run gauges failed; they keep their values: {}", e.toString());
        }
        BacklogCounts.Snapshot counts = backlog.snapshot();
        conflicts.register(counts.byIntegration().entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("integration", e.getKey()), e.getValue().openConflicts()))
                .toList(), true);
        deadLetters.register(counts.byIntegration().entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("integration", e.getKey()), e.getValue().waitingDeadLetters()))
                .toList(), true);
        Instant measured = clock.instant();
        freshnessSeconds.register(freshness.all().entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("integration", e.getKey()),
                        Math.max(0, java.time.Duration.between(e.getValue(), measured).toMillis() / 1000.0)))
                .toList(), true);
        consumerLag.register(lag.last().groups().stream()
                .<MultiGauge.Row<?>>map(g -> MultiGauge.Row.of(Tags.of("group", g.group()), g.lag()))
                .toList(), true);
    }
}
