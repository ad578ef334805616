package io.rostersync.health.aggregates;

import io.rostersync.core.runs.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One integration's run statistics, kept up to date one finished run at a time so that the overview reads one
 * document per integration instead of its runs. Immutable: {@link #count} returns the next state.
 *
 * @param hours tallies per UTC hour ({@code 2026-03-02T08}), the last {@link #HOURS_KEPT}
 * @param days tallies per UTC day ({@code 2026-03-02}), the last {@link #DAYS_KEPT}
 * @param total tallies since the aggregate was first written
 * @param durations run times of the latest {@link #DURATIONS_KEPT} decisive runs that started, oldest first
 * @param lastRun the run that finished last, whatever its outcome; null before the first
 * @param lastDecisive the run that finished last on its own (not cancelled): it decides the status; null before the first
 * @param lastSuccessAt when the latest succeeded run finished; null if none did
 */
public record IntegrationAggregate(
        String integrationId,
        SortedMap<String, Tally> hours,
        SortedMap<String, Tally> days,
        Tally total,
        List<Long> durations,
        RunOutcome lastRun,
        RunOutcome lastDecisive,
        Instant lastSuccessAt,
        String lastSuccessRunId) {

    /** The 24-hour window needs 24 buckets; the rest is slack for a late outcome of yesterday. */
    public static final int HOURS_KEPT = 48;
    /** The dashboard charts 30 days; the rest is slack. */
    public static final int DAYS_KEPT = 35;
    /** Enough for a stable p95 (10 values above it) while keeping the document small. */
    public static final int DURATIONS_KEPT = 200;
    /** Days the per-day series of the overview covers. */
    public static final int CHART_DAYS = 14;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public IntegrationAggregate {
        hours = Collections.unmodifiableSortedMap(new TreeMap<>(hours == null ? Map.of() : hours));
        days = Collections.unmodifiableSortedMap(new TreeMap<>(days == null ? Map.of() : days));
        total = total == null ? Tally.ZERO : total;
        durations = durations == null ? List.of() : List.copyOf(durations);
    }

    public static IntegrationAggregate empty(String integrationId) {
        return new IntegrationAggregate(integrationId, null, null, Tally.ZERO, List.of(), null, null, null, null);
    }

    /**
     * Counts a run's outcome.
     *
     * @param previous what the same run was counted as before, to take back first; null when it was not counted
     */
    public IntegrationAggregate count(RunOutcome outcome, RunOutcome previous) {
        IntegrationAggregate state = previous == null ? this : takeBack(previous);
        return state.add(outcome);
    }

    /** Drops buckets too old for any window, relative to {@code now}. */
    public IntegrationAggregate pruned(Instant now) {
        String oldestHour = hourKey(now.minus(Duration.ofHours(HOURS_KEPT - 1)));
        String oldestDay = dayKey(now.minus(Duration.ofDays(DAYS_KEPT - 1)));
        return new IntegrationAggregate(integrationId, hours.tailMap(oldestHour), days.tailMap(oldestDay), total, durations,
                lastRun, lastDecisive, lastSuccessAt, lastSuccessRunId);
    }

    /** Runs that finished in the 24 hours up to {@code now}, at hour resolution (the current hour and the 23 before). */
    public Tally last24Hours(Instant now) {
        return sum(hours.tailMap(hourKey(now.minus(Duration.ofHours(23)))));
    }

    /** Runs that finished in the 7 days up to {@code now}, at day resolution (today and the 6 days before, UTC). */
    public Tally last7Days(Instant now) {
        return sum(days.tailMap(dayKey(now.minus(Duration.ofDays(6)))));
    }

    /** One tally per UTC day, oldest first, ending today; days without runs are zero. */
    public List<DayTally> perDay(Instant now, int dayCount) {
        List<DayTally> series = new ArrayList<>(dayCount);
        for (int back = dayCount - 1; back >= 0; back--) {
            String day = dayKey(now.minus(Duration.ofDays(back)));
            series.add(new DayTally(day, days.getOrDefault(day, Tally.ZERO)));
        }
        return series;
    }

    /** The nearest-rank percentile of the kept run durations; null when there are none. */
    public Long durationPercentile(double percentile) {
        if (durations.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(durations);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Records fetched per second of run time over the 7-day window; null without timed runs. */
    public Double recordsPerSecond(Instant now) {
        Tally week = last7Days(now);
        return week.durationMillis() == 0 ? null : week.fetched() * 1000.0 / week.durationMillis();
    }

    static String hourKey(Instant instant) {
        return HOUR.format(instant);
    }

    static String dayKey(Instant instant) {
        return DAY.format(instant);
    }

    private IntegrationAggregate add(RunOutcome outcome) {
        SortedMap<String, Tally> h = new TreeMap<>(hours);
        h.merge(hourKey(outcome.finishedAt()), Tally.ZERO.plus(outcome), Tally::plus);
        SortedMap<String, Tally> d = new TreeMap<>(days);
        d.merge(dayKey(outcome.finishedAt()), Tally.ZERO.plus(outcome), Tally::plus);
        List<Long> kept = new ArrayList<>(durations);
        if (outcome.decisive() && outcome.durationMillis() != null) {
            kept.add(outcome.durationMillis());
            if (kept.size() > DURATIONS_KEPT) {
                kept = new ArrayList<>(kept.subList(kept.size() - DURATIONS_KEPT, kept.size()));
            }
        }
        RunOutcome newest = newer(lastRun, outcome) ? outcome : lastRun;
        RunOutcome decisive = outcome.decisive() && newer(lastDecisive, outcome) ? outcome : lastDecisive;
        Instant successAt = lastSuccessAt;
        String successRun = lastSuccessRunId;
        if (outcome.status() == RunStatus.SUCCEEDED && (successAt == null || !outcome.finishedAt().isBefore(successAt))) {
            successAt = outcome.finishedAt();
            successRun = outcome.runId();
        }
        return new IntegrationAggregate(integrationId, h, d, total.plus(outcome), kept, newest, decisive, successAt, successRun);
    }

    private IntegrationAggregate takeBack(RunOutcome previous) {
        SortedMap<String, Tally> h = new TreeMap<>(hours);
        h.computeIfPresent(hourKey(previous.finishedAt()), (k, t) -> t.minus(previous));
        SortedMap<String, Tally> d = new TreeMap<>(days);
        d.computeIfPresent(dayKey(previous.finishedAt()), (k, t) -> t.minus(previous));
        List<Long> kept = new ArrayList<>(durations);
        if (previous.decisive() && previous.durationMillis() != null) {
            // Equal values are interchangeable for percentiles, so removing any one of them is exact.
            kept.remove(previous.durationMillis());
        }
        return new IntegrationAggregate(integrationId, h, d, total.minus(previous), kept, lastRun, lastDecisive,
                lastSuccessAt, lastSuccessRunId);
    }

    /** A later outcome of the same run always replaces the earlier; otherwise the later finish wins. */
    private static boolean newer(RunOutcome current, RunOutcome candidate) {
        return current == null || current.runId().equals(candidate.runId())
                || !candidate.finishedAt().isBefore(current.finishedAt());
    }

    private static Tally sum(Map<String, Tally> buckets) {
        Tally sum = Tally.ZERO;
        for (Tally tally : buckets.values()) {
            sum = sum.plus(tally);
        }
        return sum;
    }

    /** The runs of one UTC day. */
    public record DayTally(String day, Tally tally) {
    }
}
