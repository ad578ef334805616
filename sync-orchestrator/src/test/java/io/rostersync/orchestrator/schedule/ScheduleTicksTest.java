package io.rostersync.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

class ScheduleTicksTest {

    private final CronExpression everyMinute = CronExpression.parse("0 * * * * *");

    @Test
    void nothingIsDueBeforeTheNextFireTime() {
        assertThat(ScheduleTicks.latestFireTime(everyMinute, Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:00:59Z"))).isNull();
    }

    @Test
    void aDueTickIsItsFireTime() {
        assertThat(ScheduleTicks.latestFireTime(everyMinute, Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:01:03Z")))
                .isEqualTo(Instant.parse("2026-11-23T10:01:00Z"));
    }

    @Test
    void missedTicksAreCaughtUpOnceWithTheLatest() {
        assertThat(ScheduleTicks.latestFireTime(everyMinute, Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T13:30:10Z")))
                .isEqualTo(Instant.parse("2026-11-23T13:30:00Z"));
    }
}
