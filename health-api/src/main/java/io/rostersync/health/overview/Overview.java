package io.rostersync.health.overview;

import io.rostersync.health.lag.ConsumerLag;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every integration's health at a glance.
 *
 * @param integrations ordered by id (the dashboard sorts)
 * @param runsPerDay all integrations together, one point per UTC day, oldest first
 * @param backlogMeasuredAt when conflicts and dead letters were last counted; null before the first count
 */
public record Overview(
        Instant generatedAt,
        List<IntegrationOverview> integrations,
        Totals totals,
        List<DayPoint> runsPerDay,
        ConsumerLag.Measurement consumerLag,
        Instant backlogMeasuredAt) {

    /**
     * @param byStatus integrations per status ({@code healthy}, {@code degraded}, ...)
     * @param openConflicts all open conflicts
     * @param waitingDeadLetters all dead letters waiting, including those not keyed by an integration
     */
    public record Totals(int integrations, Map<String, Integer> byStatus, long runs24h, Double errorRate24h,
                         long openConflicts, long waitingDeadLetters) {
    }
}
