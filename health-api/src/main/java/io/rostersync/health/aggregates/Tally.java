package io.rostersync.health.aggregates;

import io.rostersync.core.runs.RunStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts of finished runs in one time bucket (or all time).
 *
 * @param fetched records fetched by runs that have a duration, so {@code fetched / durationMillis} is a rate
 * @param durationMillis summed run time of the runs with a duration
 */
public record Tally(long succeeded, long partial, long failed, long cancelled, long skipped, long fetched, long applied,
                    long durationMillis) {

    public static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0, 0, 0);

    /** Runs that ended, whatever the outcome (a run skipped in a blackout window ends without running). */
    public long runs() {
        return succeeded + partial + failed + cancelled + skipped;
    }

    /** Runs that ended on their own (cancelled and skipped ones say nothing about the connection). */
    public long decisive() {
        return succeeded + partial + failed;
    }

    /** Share of decisive runs that failed or finished partially; null without decisive runs. */
    public Double errorRate() {
        return decisive() == 0 ? null : (double) (failed + partial) / decisive();
    }

    Tally plus(RunOutcome outcome) {
        return add(outcome, 1);
    }

    Tally minus(RunOutcome outcome) {
        return add(outcome, -1);
    }

    public Tally plus(Tally other) {
        return new Tally(succeeded + other.succeeded, partial + other.partial, failed + other.failed,
                cancelled + other.cancelled, skipped + other.skipped, fetched + other.fetched, applied + other.applied,
                durationMillis + other.durationMillis);
    }

    private Tally add(RunOutcome outcome, int sign) {
        long timed = outcome.durationMillis() == null ? 0 : 1;
        return new Tally(
                nonNegative(succeeded + sign * is(outcome, RunStatus.SUCCEEDED)),
                nonNegative(partial + sign * is(outcome, RunStatus.PARTIAL)),
                nonNegative(failed + sign * is(outcome, RunStatus.FAILED)),
                nonNegative(cancelled + sign * is(outcome, RunStatus.CANCELLED)),
                nonNegative(skipped + sign * is(outcome, RunStatus.SKIPPED)),
                nonNegative(fetched + sign * timed * outcome.fetched()),
                nonNegative(applied + sign * outcome.applied()),
                nonNegative(durationMillis + sign * timed * (outcome.durationMillis() == null ? 0 : outcome.durationMillis())));
    }

    private static long is(RunOutcome outcome, RunStatus status) {
        return outcome.status() == status ? 1 : 0;
    }

    /** A take-back can only meet a bucket its outcome was added to; clamping keeps a damaged document from going negative. */
    private static long nonNegative(long value) {
        return Math.max(0, value);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        map.put("succeeded", succeeded);
        map.put("partial", partial);
        map.put("failed", failed);
        map.put("cancelled", cancelled);
        map.put("skipped", skipped);
        map.put("fetched", fetched);
        map.put("applied", applied);
        map.put("durationMillis", durationMillis);
        return map;
    }

    static Tally fromMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return ZERO;
        }
        return new Tally(number(map, "succeeded"), number(map, "partial"), number(map, "failed"), number(map, "cancelled"), number(map, "skipped"),
                number(map, "fetched"), number(map, "applied"), number(map, "durationMillis"));
    }

    private static long number(Map<?, ?> map, String key) {
        return map.get(key) instanceof Number n ? n.longValue() : 0L;
    }
}
