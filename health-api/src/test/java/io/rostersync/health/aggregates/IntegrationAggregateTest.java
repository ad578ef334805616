package io.rostersync.health.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrationAggregateTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

    @Test
    void countsOutcomesIntoHourDayAndTotalBuckets() {
        IntegrationAggregate aggregate = IntegrationAggregate.empty("i")
                .count(outcome("r1", RunStatus.SUCCEEDED, NOW.minusSeconds(60), 1_000L), null)
                .count(outcome("r2", RunStatus.FAILED, NOW.minus(Duration.ofHours(3)), 2_000L), null)
                .count(outcome("r3", RunStatus.PARTIAL, NOW.minus(Duration.ofDays(3)), 3_000L), null)
                .count(outcome("r4", RunStatus.CANCELLED, NOW.minus(Duration.ofDays(10)), null), null);

        assertThat(aggregate.last24Hours(NOW).runs()).isEqualTo(2);
        assertThat(aggregate.last24Hours(NOW).errorRate()).isEqualTo(0.5);
        assertThat(aggregate.last7Days(NOW).runs()).isEqualTo(3);
        assertThat(aggregate.last7Days(NOW).errorRate()).isEqualTo(2.0 / 3);
        assertThat(aggregate.total().runs()).isEqualTo(4);
        assertThat(aggregate.total().cancelled()).isEqualTo(1);
        assertThat(aggregate.lastRun().runId()).isEqualTo("r1");
        assertThat(aggregate.lastSuccessAt()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void theTwentyFourHourWindowEndsAtHourResolution() {
        IntegrationAggregate aggregate = IntegrationAggregate.empty("i")
                .count(outcome("old", RunStatus.FAILED, NOW.minus(Duration.ofHours(24)).minus(Duration.ofMinutes(40)), 1L), null)
                .count(outcome("edge", RunStatus.SUCCEEDED, NOW.minus(Duration.ofHours(23)).minus(Duration.ofMinutes(29)), 1L), null);

        // 11:50 the day before falls in the 11:00 bucket, outside; 13:01 the day before in the 13:00 bucket, inside.
        assertThat(aggregate.last24Hours(NOW).runs()).isEqualTo(1);
        assertThat(aggregate.last24Hours(NOW).succeeded()).isEqualTo(1);
    }

    @Test
    void aRecountedRunIsTakenBackBeforeItsNewOutcomeCounts() {
        RunOutcome failed = outcome("r1", RunStatus.FAILED, NOW.minus(Duration.ofHours(2)), 5_000L);
        RunOutcome succeeded = outcome("r1", RunStatus.SUCCEEDED, NOW.minusSeconds(30), 9_000L);

        IntegrationAggregate aggregate = IntegrationAggregate.empty("i").count(failed, null).count(succeeded, failed);

        assertThat(aggregate.total().runs()).isEqualTo(1);
        assertThat(aggregate.total().failed()).isZero();
        assertThat(aggregate.last24Hours(NOW).errorRate()).isEqualTo(0.0);
        assertThat(aggregate.durations()).containsExactly(9_000L);
        assertThat(aggregate.lastDecisive().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void theStatusComesFromTheLatestRunThatEndedOnItsOwn() {
        IntegrationAggregate aggregate = IntegrationAggregate.empty("i")
                .count(outcome("failed", RunStatus.FAILED, NOW.minusSeconds(600), 1L), null)
                .count(outcome("cancelled", RunStatus.CANCELLED, NOW.minusSeconds(60), 1L), null)
                // Arrives late but finished earlier: neither the last run nor the deciding one.
                .count(outcome("late", RunStatus.SUCCEEDED, NOW.minusSeconds(900), 1L), null);

        assertThat(aggregate.lastRun().runId()).isEqualTo("cancelled");
        assertThat(aggregate.lastDecisive().runId()).isEqualTo("failed");
    }

    @Test
    void skippedRunsCountAsRunsButNeitherDecideTheStatusNorTheErrorRate() {
        IntegrationAggregate aggregate = IntegrationAggregate.empty("i")
                .count(outcome("ok", RunStatus.SUCCEEDED, NOW.minusSeconds(600), 1L), null)
                .count(outcome("blackout", RunStatus.SKIPPED, NOW.minusSeconds(60), null), null);

        assertThat(aggregate.last24Hours(NOW).skipped()).isEqualTo(1);
        assertThat(aggregate.last24Hours(NOW).runs()).isEqualTo(2);
        assertThat(aggregate.last24Hours(NOW).errorRate()).isEqualTo(0.0);
        assertThat(aggregate.lastDecisive().runId()).isEqualTo("ok");
        assertThat(aggregate.lastRun().runId()).isEqualTo("blackout");
    }

    @Test
    void aHeldRunHasNoOutcomeYet() {
        io.rostersync.core.runs.SyncRun held = new io.rostersync.core.runs.SyncRun("h", "i", RunType.MANUAL,
                io.rostersync.core.runs.Direction.PULL, null, RunStatus.ON_HOLD, null, null, null, null, NOW, NOW, null, NOW,
                "over the mass-change threshold", 1, "ops", null);

        assertThat(RunOutcome.of(held)).isEmpty();
    }

    @Test
    void percentilesComeFromTheLatestDurationsOnly() {
        IntegrationAggregate aggregate = IntegrationAggregate.empty("i");
        for (int i = 1; i <= 100; i++) {
            aggregate = aggregate.count(outcome("r" + i, RunStatus.SUCCEEDED, NOW.minusSeconds(1000 - i), i * 10L), null);
        }
        assertThat(aggregate.durationPercentile(50)).isEqualTo(500L);
        assertThat(aggregate.durationPercentile(95)).isEqualTo(950L);

        for (int i = 0; i < IntegrationAggregate.DURATIONS_KEPT; i++) {
            aggregate = aggregate.count(outcome("s" + i, RunStatus.SUCCEEDED, NOW.minusSeconds(500 - i), 7L), null);
        }
        assertThat(aggregate.durations()).hasSize(IntegrationAggregate.DURATIONS_KEPT);
        assertThat(aggregate.durationPercentile(95)).isEqualTo(7L);
    }

    @Test
    void recordsPerSecondIsFetchedOverRunTimeOfTheWeek() {
        IntegrationAggregate aggregate = IntegrationAggregate.empty("i")
                .count(new RunOutcome("a", "i", RunStatus.SUCCEEDED, RunType.MANUAL, NOW.minusSeconds(10), 2_000L, 1_000, 10, 0, null), null)
                .count(new RunOutcome("b", "i", RunStatus.SUCCEEDED, RunType.MANUAL, NOW.minusSeconds(5), 3_000L, 500, 10, 0, null), null)
                // Never started: no run time, so its records would only inflate the rate.
                .count(new RunOutcome("c", "i", RunStatus.CANCELLED, RunType.MANUAL, NOW, null, 900, 0, 0, null), null);

        assertThat(aggregate.recordsPerSecond(NOW)).isEqualTo(300.0);
        assertThat(aggregate.last24Hours(NOW).applied()).isEqualTo(20);
    }

    @Test
    void pruningDropsBucketsNoWindowNeedsAndTheSeriesCoversEveryDay() {
        IntegrationAggregate aggregate = IntegrationAggregate.empty("i")
                .count(outcome("ancient", RunStatus.SUCCEEDED, NOW.minus(Duration.ofDays(60)), 1L), null)
                .count(outcome("recent", RunStatus.FAILED, NOW.minus(Duration.ofDays(2)), 1L), null)
                .pruned(NOW);

        assertThat(aggregate.days()).containsOnlyKeys("2026-03-08");
        assertThat(aggregate.hours()).isEmpty();
        assertThat(aggregate.total().runs()).isEqualTo(2);
        List<IntegrationAggregate.DayTally> series = aggregate.perDay(NOW, 14);
        assertThat(series).hasSize(14);
        assertThat(series.get(13).day()).isEqualTo("2026-03-10");
        assertThat(series.get(11).tally().failed()).isEqualTo(1);
        assertThat(series.get(0).tally().runs()).isZero();
    }

    private static RunOutcome outcome(String runId, RunStatus status, Instant finishedAt, Long durationMillis) {
        return new RunOutcome(runId, "i", status, RunType.SCHEDULED, finishedAt, durationMillis, 10, 3,
                status == RunStatus.PARTIAL ? 1 : 0, status == RunStatus.FAILED ? "SIS answered 503" : null);
    }
}
