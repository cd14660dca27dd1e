package dev.sparks.subscription.quota;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The period a quota counts over: a calendar month in UTC ({@code [1st 00:00, next 1st 00:00)}),
 * or for anniversary plans a month starting at the subscription's anchor's day and time. Months
 * are counted from the anchor each time ({@code anchor + k months}), so a 31st anchor comes back
 * to the 31st after a short February.
 */
public record QuotaPeriod(OffsetDateTime start, OffsetDateTime end) {

    public static QuotaPeriod calendarMonth(Instant at) {
        OffsetDateTime start = YearMonth.from(at.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        return new QuotaPeriod(start, start.plusMonths(1));
    }

    public static QuotaPeriod anniversary(OffsetDateTime anchor, Instant at) {
        OffsetDateTime utcAnchor = anchor.withOffsetSameInstant(ZoneOffset.UTC);
        long months = ChronoUnit.MONTHS.between(utcAnchor, at.atOffset(ZoneOffset.UTC));
        OffsetDateTime start = utcAnchor.plusMonths(months);
        while (start.toInstant().isAfter(at)) {
            start = utcAnchor.plusMonths(--months);
        }
        while (!utcAnchor.plusMonths(months + 1).toInstant().isAfter(at)) {
            start = utcAnchor.plusMonths(++months);
        }
        return new QuotaPeriod(start, utcAnchor.plusMonths(months + 1));
    }
}
