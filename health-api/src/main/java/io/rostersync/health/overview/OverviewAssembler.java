package io.rostersync.health.overview;

import io.rostersync.core.integrations.Integration;
import io.rostersync.health.aggregates.IntegrationAggregate;
import io.rostersync.health.aggregates.Tally;
import io.rostersync.health.backlog.BacklogCounts;
import io.rostersync.health.integrations.IntegrationHealth;
import io.rostersync.health.integrations.IntegrationStatus;
import io.rostersync.health.lag.ConsumerLag;
import io.rostersync.health.runs.RunView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the overview from what is already summarised: aggregates, active runs, backlog counts, consumer lag. */
final class OverviewAssembler {

    private OverviewAssembler() {
    }

    static Overview overview(List<Integration> integrations, Map<String, IntegrationAggregate> aggregates,
                             Map<String, List<RunView>> active, BacklogCounts.Snapshot backlog,
                             Map<String, Instant> newestChanges, ConsumerLag.Measurement lag, Instant now) {
        List<IntegrationOverview> rows = new ArrayList<>();
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (IntegrationStatus status : IntegrationStatus.values()) {
            byStatus.put(status.value(), 0);
        }
        Tally fleetDay = Tally.ZERO;
        Map<String, Tally> fleetPerDay = new LinkedHashMap<>();
        for (Integration integration : integrations) {
            IntegrationAggregate aggregate = aggregates.getOrDefault(integration.integrationId(),
                    IntegrationAggregate.empty(integration.integrationId()));
            IntegrationOverview row = row(integration, aggregate, active.getOrDefault(integration.integrationId(), List.of()),
                    backlog, newestChanges.get(integration.integrationId()), now);
            rows.add(row);
            byStatus.merge(row.status().value(), 1, Integer::sum);
            fleetDay = fleetDay.plus(aggregate.last24Hours(now));
            for (IntegrationAggregate.DayTally day : aggregate.perDay(now, IntegrationAggregate.CHART_DAYS)) {
                fleetPerDay.merge(day.day(), day.tally(), Tally::plus);
            }
        }
        if (fleetPerDay.isEmpty()) {
            IntegrationAggregate.empty("").perDay(now, IntegrationAggregate.CHART_DAYS)
                    .forEach(day -> fleetPerDay.put(day.day(), day.tally()));
        }
        List<DayPoint> series = fleetPerDay.entrySet().stream().map(e -> DayPoint.of(e.getKey(), e.getValue())).toList();
        Overview.Totals totals = new Overview.Totals(rows.size(), byStatus, fleetDay.runs(), fleetDay.errorRate(),
                backlog.openConflicts(), backlog.waitingDeadLetters());
        return new Overview(now, rows, totals, series, lag, backlog.measuredAt());
    }

    /** @param newestChangeAt the newest applied SIS change of the integration; null before any */
    static IntegrationOverview row(Integration integration, IntegrationAggregate aggregate, List<RunView> active,
                                   BacklogCounts.Snapshot backlog, Instant newestChangeAt, Instant now) {
        IntegrationHealth health = IntegrationHealth.of(integration, aggregate.lastDecisive(),
                aggregate.lastRun() != null || !active.isEmpty());
        Tally day = aggregate.last24Hours(now);
        Tally week = aggregate.last7Days(now);
        BacklogCounts.Backlog counts = backlog.of(integration.integrationId()).orElse(null);
        return new IntegrationOverview(integration.integrationId(), integration.name(), integration.connector(),
                integration.enabled(), integration.paused(), health.status(), health.reason(),
                aggregate.lastRun() == null ? null : RunSummary.of(aggregate.lastRun()),
                active.stream().map(RunSummary::of).toList(), aggregate.lastSuccessAt(),
                day.runs(), week.runs(), day.errorRate(), week.errorRate(),
                aggregate.perDay(now, IntegrationAggregate.CHART_DAYS).stream().map(DayPoint::of).toList(),
                aggregate.durationPercentile(50), aggregate.durationPercentile(95), aggregate.recordsPerSecond(now),
                day.applied(), counts == null ? null : counts.openConflicts(), counts == null ? null : counts.waitingDeadLetters(),
                newestChangeAt, newestChangeAt == null ? null : Math.max(0, java.time.Duration.between(newestChangeAt, now).toSeconds()));
    }
}
