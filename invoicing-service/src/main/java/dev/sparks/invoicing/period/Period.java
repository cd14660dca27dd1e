package dev.sparks.invoicing.period;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * One customer's billing period, half-open: {@code start} belongs to it, {@code end} to the next.
 * Periods are calendar months in UTC unless the customer has a billing anchor; then they run from
 * one monthly anniversary of the anchor to the next (the 31st becomes the last day of shorter
 * months, counted from the anchor each time so it never drifts).
 */
public record Period(Instant start, Instant end) {

    public Period {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("A period must end after it starts: " + start + " .. " + end);
        }
    }

    /** The period that contains {@code instant}, for an anchor (null: calendar months). */
    public static Period containing(Instant instant, Instant anchor) {
        if (anchor == null) {
            ZonedDateTime month = instant.atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            return new Period(month.toInstant(), month.plusMonths(1).toInstant());
        }
        ZonedDateTime origin = anchor.atZone(ZoneOffset.UTC);
        long months = ChronoUnit.MONTHS.between(origin, instant.atZone(ZoneOffset.UTC));
        Instant start = origin.plusMonths(months).toInstant();
        if (start.isAfter(instant)) {
            months--;
        } else if (!origin.plusMonths(months + 1).toInstant().isAfter(instant)) {
            months++;
        }
        return new Period(origin.plusMonths(months).toInstant(), origin.plusMonths(months + 1).toInstant());
    }

    /** The period after this one: it starts where this one ends, and ends where {@code anchor}'s rhythm says. */
    public Period next(Instant anchor) {
        return new Period(end, containing(end, anchor).end());
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    public long millis() {
        return end.toEpochMilli() - start.toEpochMilli();
    }

    /** {@code 2026-11} for a calendar month, else the start day, {@code 2026-11-15}. */
    public String label() {
        ZonedDateTime from = start.atZone(ZoneOffset.UTC);
        boolean calendarMonth = from.getDayOfMonth() == 1 && from.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                && end.equals(from.plusMonths(1).toInstant());
        return calendarMonth ? from.toLocalDate().toString().substring(0, 7) : from.toLocalDate().toString();
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
