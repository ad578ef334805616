package io.rostersync.health.overview;

import io.rostersync.health.aggregates.IntegrationAggregate;
import io.rostersync.health.aggregates.Tally;

/**
 * The runs that ended on one UTC day.
 *
 * @param errorRate failed and partial runs over runs that ended on their own; null without such runs
 */
public record DayPoint(String day, long runs, long succeeded, long partial, long failed, long cancelled, long skipped,
                       Double errorRate) {

    static DayPoint of(IntegrationAggregate.DayTally day) {
        return of(day.day(), day.tally());
    }

    static DayPoint of(String day, Tally t) {
        return new DayPoint(day, t.runs(), t.succeeded(), t.partial(), t.failed(), t.cancelled(), t.skipped(), t.errorRate());
    }
}
