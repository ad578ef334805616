package io.rostersync.health.overview;

import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.health.integrations.IntegrationStatus;
import java.time.Instant;
import java.util.List;

/**
 * One integration's row of the overview, read from its aggregate (never from its runs).
 *
 * @param paused an operator paused it: webhooks queue, nothing is applied until it resumes
 * @param lastRun the run that ended last; null before any did
 * @param activeRuns runs queued or running now
 * @param errorRate24h failed and partial runs over runs that ended on their own in the last 24 hours (hour resolution);
 *                     null without such runs
 * @param errorRate7d the same over today and the 6 days before (UTC day resolution)
 * @param runsPerDay one point per UTC day, oldest first, ending today
 * @param durationP50Millis median run time of the latest runs that ended on their own; null without any
 * @param recordsPerSecond records fetched per second of run time over the 7-day window; null without timed runs
 * @param openConflicts null until first counted
 * @param waitingDeadLetters dead letters keyed by this integration that are pending, being retried or parked; null
 *                           until first counted
 * @param newestChangeAt the SIS modification time of the newest change applied; null before any run applied one
 * @param freshnessSeconds its age: how far behind the SIS the roster may be; null with {@code newestChangeAt}
 */
public record IntegrationOverview(
        String integrationId,
        String name,
        ConnectorType connector,
        boolean enabled,
        boolean paused,
        IntegrationStatus status,
        String statusReason,
        RunSummary lastRun,
        List<RunSummary> activeRuns,
        Instant lastSuccessAt,
        long runs24h,
        long runs7d,
        Double errorRate24h,
        Double errorRate7d,
        List<DayPoint> runsPerDay,
        Long durationP50Millis,
        Long durationP95Millis,
        Double recordsPerSecond,
        long recordsApplied24h,
        Long openConflicts,
        Long waitingDeadLetters,
        Instant newestChangeAt,
        Long freshnessSeconds) {
}
