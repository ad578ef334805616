package io.rostersync.core.integrations;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A recurring time, in the integration's time zone, when its scheduled runs are skipped (summer break, a nightly
 * maintenance window). Every part that is given must match; a window without dates applies every day.
 *
 * @param name shown as the reason a scheduled run was skipped
 * @param fromDate first day ({@code MM-DD}), inclusive; with {@code toDate}, or null for every day. May wrap the
 *     year end ({@code 12-20} to {@code 01-05})
 * @param toDate last day ({@code MM-DD}), inclusive
 * @param daysOfWeek the weekdays it applies on; empty for all
 * @param fromTime start ({@code HH:mm}), inclusive; with {@code toTime}, or null for the whole day. May wrap
 *     midnight ({@code 23:00} to {@code 02:00})
 * @param toTime end ({@code HH:mm}), exclusive
 */
public record BlackoutWindow(String name, String fromDate, String toDate, List<DayOfWeek> daysOfWeek, String fromTime,
                             String toTime) {

    public BlackoutWindow {
        daysOfWeek = daysOfWeek == null ? List.of() : List.copyOf(daysOfWeek);
    }

    /**
     * @throws java.time.format.DateTimeParseException when a date or time is malformed (the Integration Hub refuses
     *     such windows, so stored ones parse)
     */
    public boolean covers(ZonedDateTime at) {
        if (fromDate != null && toDate != null) {
            MonthDay day = MonthDay.from(at);
            MonthDay from = MonthDay.parse("--" + fromDate);
            MonthDay to = MonthDay.parse("--" + toDate);
            boolean inside = from.isAfter(to)
                    ? !day.isBefore(from) || !day.isAfter(to)
                    : !day.isBefore(from) && !day.isAfter(to);
            if (!inside) {
                return false;
            }
        }
        if (!daysOfWeek.isEmpty() && !daysOfWeek.contains(at.getDayOfWeek())) {
            return false;
        }
        if (fromTime != null && toTime != null) {
            LocalTime time = at.toLocalTime();
            LocalTime from = LocalTime.parse(fromTime);
            LocalTime to = LocalTime.parse(toTime);
            return from.isAfter(to)
                    ? !time.isBefore(from) || time.isBefore(to)
                    : !time.isBefore(from) && time.isBefore(to);
        }
        return true;
    }
}
