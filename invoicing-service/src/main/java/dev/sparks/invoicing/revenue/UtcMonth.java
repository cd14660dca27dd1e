package dev.sparks.invoicing.revenue;

import dev.sparks.invoicing.period.BillingPeriod;
import java.time.Instant;
import java.time.YearMonth;

/** A calendar month in UTC, half-open like {@link BillingPeriod}: the 1st at 00:00 belongs to it. */
record UtcMonth(YearMonth month, Instant start, Instant end) {

    static UtcMonth of(YearMonth month) {
        BillingPeriod period = new BillingPeriod(month);
        return new UtcMonth(month, period.start(), period.end());
    }

    boolean contains(Instant instant) {
        return instant != null && !instant.isBefore(start) && instant.isBefore(end);
    }
}
