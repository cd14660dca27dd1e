package dev.sparks.invoicing.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for any anchor and any instant, {@code containing} is the one interval
 * [anniversary k, anniversary k+1) that holds the instant, where anniversary k is the anchor's day
 * of month (or the month's last day, if shorter) and time of day, k months from the anchor's month.
 * The anniversaries are computed here from {@link YearMonth}, independently of {@link Period}.
 */
class PeriodPropertyTest {

    private static final long FROM = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    private static final long TO = Instant.parse("2032-01-01T00:00:00Z").toEpochMilli();

    @Test
    void theContainingPeriodIsBoundedByConsecutiveAnniversariesOfTheAnchor() {
        Random random = new Random(6_031);
        for (int trial = 0; trial < 5_000; trial++) {
            Instant anchor = randomAnchor(random);
            LocalDateTime origin = LocalDateTime.ofInstant(anchor, ZoneOffset.UTC);
            // A third of the instants sit on an anniversary or one millisecond before it.
            Instant instant = random.nextInt(3) == 0
                    ? anniversary(origin, random.nextInt(121) - 60).minusMillis(random.nextInt(2))
                    : randomInstant(random);

            Period period = Period.containing(instant, anchor);

            int k = (int) ChronoUnit.MONTHS.between(YearMonth.from(origin),
                    YearMonth.from(LocalDateTime.ofInstant(instant, ZoneOffset.UTC))) + 1;
            while (anniversary(origin, k).isAfter(instant)) {
                k--;
            }
            assertThat(period.start()).as("anchor %s, instant %s", anchor, instant).isEqualTo(anniversary(origin, k));
            assertThat(period.end()).as("anchor %s, instant %s", anchor, instant).isEqualTo(anniversary(origin, k + 1));
            assertThat(period.contains(instant)).isTrue();
        }
    }

    @Test
    void calendarPeriodsAreTheUtcMonthOfTheInstant() {
        Random random = new Random(6_032);
        for (int trial = 0; trial < 5_000; trial++) {
            Instant instant = randomInstant(random);
            YearMonth month = YearMonth.from(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));

            Period period = Period.containing(instant, null);

            assertThat(period.start()).isEqualTo(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            assertThat(period.end()).isEqualTo(month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            assertThat(period.label()).isEqualTo(month.toString());
        }
    }

    @Test
    void nextPeriodsTileTimeFromAnyAnchor() {
        Random random = new Random(6_033);
        for (int trial = 0; trial < 300; trial++) {
            Instant anchor = randomAnchor(random);
            Period period = Period.containing(randomInstant(random), anchor);
            for (int i = 0; i < 36; i++) {
                Period next = period.next(anchor);
                assertThat(next.start()).isEqualTo(period.end());
                assertThat(Period.containing(period.end().minusMillis(1), anchor)).isEqualTo(period);
                assertThat(Period.containing(next.start(), anchor)).isEqualTo(next);
                // A month is 28 to 31 days long.
                assertThat(next.millis()).isBetween(28L * 86_400_000, 31L * 86_400_000);
                period = next;
            }
        }
    }

    private static Instant anniversary(LocalDateTime origin, int monthsFromAnchor) {
        YearMonth month = YearMonth.from(origin).plusMonths(monthsFromAnchor);
        int day = Math.min(origin.getDayOfMonth(), month.lengthOfMonth());
        return month.atDay(day).atTime(origin.toLocalTime()).toInstant(ZoneOffset.UTC);
    }

    /** Half of the anchors fall on the 28th to the 31st, where short months clamp them. */
    private static Instant randomAnchor(Random random) {
        if (random.nextBoolean()) {
            return randomInstant(random);
        }
        YearMonth month = YearMonth.of(2020 + random.nextInt(12), 1 + random.nextInt(12));
        int day = 28 + random.nextInt(month.lengthOfMonth() - 27);
        return month.atDay(day).atStartOfDay().toInstant(ZoneOffset.UTC).plusMillis(random.nextInt(86_400_000));
    }

    private static Instant randomInstant(Random random) {
        return Instant.ofEpochMilli(FROM + (long) (random.nextDouble() * (TO - FROM)));
    }
}
