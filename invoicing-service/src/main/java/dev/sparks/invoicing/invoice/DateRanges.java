package dev.sparks.invoicing.invoice;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Periods as people read them: "1 Nov – 30 Nov 2026", the end being exclusive. */
final class DateRanges {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    private DateRanges() {}

    static String describe(Instant from, Instant to) {
        boolean wholeDays = from.toEpochMilli() % Duration.ofDays(1).toMillis() == 0
                && to.toEpochMilli() % Duration.ofDays(1).toMillis() == 0;
        if (wholeDays) {
            return DAY.format(from.atZone(ZoneOffset.UTC)) + " – " + DAY.format(to.minusMillis(1).atZone(ZoneOffset.UTC));
        }
        return DAY_TIME.format(from.atZone(ZoneOffset.UTC)) + " – " + DAY_TIME.format(to.atZone(ZoneOffset.UTC)) + " UTC";
    }
}
