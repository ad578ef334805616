package io.rostersync.core.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlackoutWindowTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Test
    void aSummerWindowCoversItsDaysInclusively() {
        BlackoutWindow summer = new BlackoutWindow("summer", "06-15", "08-20", List.of(), null, null);

        assertThat(summer.covers(ZonedDateTime.of(2026, 6, 15, 0, 0, 0, 0, CHICAGO))).isTrue();
        assertThat(summer.covers(ZonedDateTime.of(2026, 8, 20, 23, 59, 0, 0, CHICAGO))).isTrue();
        assertThat(summer.covers(ZonedDateTime.of(2026, 8, 21, 0, 0, 0, 0, CHICAGO))).isFalse();
        assertThat(summer.covers(ZonedDateTime.of(2026, 6, 14, 12, 0, 0, 0, CHICAGO))).isFalse();
    }

    @Test
    void windowsMayWrapTheYearAndMidnight() {
        BlackoutWindow winter = new BlackoutWindow("winter break", "12-20", "01-05", List.of(), null, null);
        BlackoutWindow nightly = new BlackoutWindow("nightly", null, null, List.of(), "23:00", "02:00");

        assertThat(winter.covers(ZonedDateTime.of(2026, 12, 31, 9, 0, 0, 0, CHICAGO))).isTrue();
        assertThat(winter.covers(ZonedDateTime.of(2027, 1, 3, 9, 0, 0, 0, CHICAGO))).isTrue();
        assertThat(winter.covers(ZonedDateTime.of(2026, 11, 3, 9, 0, 0, 0, CHICAGO))).isFalse();
        assertThat(nightly.covers(ZonedDateTime.of(2026, 3, 3, 23, 30, 0, 0, CHICAGO))).isTrue();
        assertThat(nightly.covers(ZonedDateTime.of(2026, 3, 3, 1, 59, 0, 0, CHICAGO))).isTrue();
        assertThat(nightly.covers(ZonedDateTime.of(2026, 3, 3, 2, 0, 0, 0, CHICAGO))).isFalse();
    }

    @Test
    void weekdaysNarrowAWindow() {
        BlackoutWindow sundays = new BlackoutWindow("maintenance", null, null, List.of(DayOfWeek.SUNDAY), "01:00", "03:00");

        assertThat(sundays.covers(ZonedDateTime.of(2026, 11, 22, 2, 0, 0, 0, CHICAGO))).isTrue();
        assertThat(sundays.covers(ZonedDateTime.of(2026, 11, 23, 2, 0, 0, 0, CHICAGO))).isFalse();
    }
}
