package dev.sparks.invoicing.period;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A calendar month in UTC, half-open: 00:00:00.000 on the 1st belongs to the month it starts.
 */
public record BillingPeriod(YearMonth month) {

    public static BillingPeriod of(Instant instant) {
        return new BillingPeriod(YearMonth.from(instant.atOffset(ZoneOffset.UTC)));
    }

    /** Parses {@code YYYY-MM}; throws {@link InvalidPeriodException} naming the problem. */
    public static BillingPeriod parse(String text) {
        try {
            return new BillingPeriod(YearMonth.parse(text));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidPeriodException("Expected a month as YYYY-MM, got '" + text + "'");
        }
    }

    /** A month parameter that is not {@code YYYY-MM}. */
    public static class InvalidPeriodException extends IllegalArgumentException {
        InvalidPeriodException(String message) {
            super(message);
        }
    }

    public Instant start() {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public Instant end() {
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public boolean hasEnded(Clock clock) {
        return !clock.instant().isBefore(end());
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
