package dev.sparks.invoicing.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Billing periods: calendar months in UTC, or monthly anniversaries of an anchor. Expected
 * boundaries are written out by hand, or (for the chains) built from {@link YearMonth} arithmetic,
 * never from {@link Period} itself.
 */
class PeriodTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    // ---- calendar months ----

    @Test
    void februaryOfALeapYearIsACalendarMonthOf29Days() {
        Period february = Period.containing(at("2024-02-15T12:00:00Z"), null);

        assertThat(february.start()).isEqualTo(at("2024-02-01T00:00:00Z"));
        assertThat(february.end()).isEqualTo(at("2024-03-01T00:00:00Z"));
        assertThat(february.millis()).isEqualTo(29 * DAY);
        assertThat(february.contains(at("2024-02-29T23:59:59.999Z"))).isTrue();
    }

    @Test
    void februaryOfACommonYearIsACalendarMonthOf28Days() {
        Period february = Period.containing(at("2026-02-28T23:59:59.999Z"), null);

        assertThat(february).isEqualTo(new Period(at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z")));
        assertThat(february.millis()).isEqualTo(28 * DAY);
    }

    @Test
    void decemberIsFollowedByJanuaryOfTheNextYear() {
        Period december = Period.containing(at("2026-12-31T23:59:59.999Z"), null);

        assertThat(december).isEqualTo(new Period(at("2026-12-01T00:00:00Z"), at("2027-01-01T00:00:00Z")));
        assertThat(december.next(null)).isEqualTo(new Period(at("2027-01-01T00:00:00Z"), at("2027-02-01T00:00:00Z")));
        assertThat(december.next(null).label()).isEqualTo("2027-01");
    }

    @Test
    void midnightOnTheFirstBelongsToTheNewMonthAndTheLastMillisecondToTheOld() {
        Period november = Period.containing(at("2026-11-01T00:00:00.000Z"), null);
        Period october = Period.containing(at("2026-10-31T23:59:59.999Z"), null);

        assertThat(november.start()).isEqualTo(at("2026-11-01T00:00:00Z"));
        assertThat(october.end()).isEqualTo(at("2026-11-01T00:00:00Z"));
        assertThat(october.contains(at("2026-11-01T00:00:00Z"))).as("the end is exclusive").isFalse();
        assertThat(november.contains(at("2026-11-01T00:00:00Z"))).as("the start is inclusive").isTrue();
        assertThat(november.contains(at("2026-10-31T23:59:59.999Z"))).isFalse();
    }

    @Test
    void calendarMonthsChainWithoutGapsOrOverlapsFor36Periods() {
        Period period = Period.containing(at("2026-11-20T08:00:00Z"), null);
        YearMonth month = YearMonth.of(2026, 11);
        for (int i = 0; i < 36; i++) {
            Instant expectedStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            assertThat(period.start()).as("period %d", i).isEqualTo(expectedStart);
            assertThat(period.millis()).as("period %d", i).isEqualTo(month.lengthOfMonth() * DAY);
            assertThat(period.label()).isEqualTo(month.toString());

            Period next = period.next(null);
            assertThat(next.start()).as("no gap, no overlap after %s", period).isEqualTo(period.end());
            assertThat(Period.containing(period.end().minusMillis(1), null)).isEqualTo(period);
            period = next;
            month = month.plusMonths(1);
        }
        // 36 months after November 2026 is November 2029.
        assertThat(period.label()).isEqualTo("2029-11");
    }

    // ---- anniversaries ----

    @Test
    void anAnchorOnThe31stEndsOnFebruary28ThenComesBackToThe31st() {
        Instant anchor = at("2026-01-31T00:00:00Z");

        Period january = Period.containing(at("2026-02-10T00:00:00Z"), anchor);
        assertThat(january).isEqualTo(new Period(at("2026-01-31T00:00:00Z"), at("2026-02-28T00:00:00Z")));

        Period february = january.next(anchor);
        assertThat(february).isEqualTo(new Period(at("2026-02-28T00:00:00Z"), at("2026-03-31T00:00:00Z")));

        Period march = february.next(anchor);
        assertThat(march).as("back to the 31st, not the 28th")
                .isEqualTo(new Period(at("2026-03-31T00:00:00Z"), at("2026-04-30T00:00:00Z")));
        assertThat(march.next(anchor))
                .isEqualTo(new Period(at("2026-04-30T00:00:00Z"), at("2026-05-31T00:00:00Z")));

        // The 28 February period, found directly from an instant in it.
        assertThat(Period.containing(at("2026-03-30T23:59:59.999Z"), anchor)).isEqualTo(february);
    }

    @Test
    void anAnchorOnThe31stEndsOnFebruary29InALeapYear() {
        Instant anchor = at("2023-12-31T00:00:00Z");

        Period january = Period.containing(at("2024-02-01T00:00:00Z"), anchor);
        assertThat(january).isEqualTo(new Period(at("2024-01-31T00:00:00Z"), at("2024-02-29T00:00:00Z")));
        assertThat(january.next(anchor))
                .isEqualTo(new Period(at("2024-02-29T00:00:00Z"), at("2024-03-31T00:00:00Z")));
    }

    @Test
    void anAnchorWithATimeOfDaySwitchesPeriodsAtThatTimeToTheMillisecond() {
        Instant anchor = at("2026-01-15T13:45:30.250Z");

        Period before = Period.containing(at("2026-03-15T13:45:30.249Z"), anchor);
        Period after = Period.containing(at("2026-03-15T13:45:30.250Z"), anchor);

        assertThat(before).isEqualTo(new Period(at("2026-02-15T13:45:30.250Z"), at("2026-03-15T13:45:30.250Z")));
        assertThat(after).isEqualTo(new Period(at("2026-03-15T13:45:30.250Z"), at("2026-04-15T13:45:30.250Z")));
        assertThat(before.next(anchor)).isEqualTo(after);
    }

    @Test
    void anAnchorOnThe30thWithATimeOfDayKeepsItsTimeOnFebruary28() {
        Instant anchor = at("2026-01-30T22:00:00Z");

        // 28 Feb 21:59 is still in the January period: that one ends on 28 Feb at 22:00.
        assertThat(Period.containing(at("2026-02-28T21:59:59.999Z"), anchor))
                .isEqualTo(new Period(at("2026-01-30T22:00:00Z"), at("2026-02-28T22:00:00Z")));
        assertThat(Period.containing(at("2026-02-28T22:00:00Z"), anchor))
                .isEqualTo(new Period(at("2026-02-28T22:00:00Z"), at("2026-03-30T22:00:00Z")));
    }

    @Test
    void anInstantBeforeTheAnchorFallsInTheAnchorsRhythmCountedBackwards() {
        Instant anchor = at("2026-05-20T06:00:00Z");

        assertThat(Period.containing(at("2026-03-10T00:00:00Z"), anchor))
                .isEqualTo(new Period(at("2026-02-20T06:00:00Z"), at("2026-03-20T06:00:00Z")));
        assertThat(Period.containing(at("2026-05-20T05:59:59.999Z"), anchor))
                .isEqualTo(new Period(at("2026-04-20T06:00:00Z"), at("2026-05-20T06:00:00Z")));
        assertThat(Period.containing(anchor, anchor))
                .isEqualTo(new Period(at("2026-05-20T06:00:00Z"), at("2026-06-20T06:00:00Z")));
    }

    @Test
    void beforeAnAnchorOnThe31stThePeriodsStillEndOnTheLastDayOfShortMonths() {
        Instant anchor = at("2026-03-31T00:00:00Z");

        assertThat(Period.containing(at("2026-03-01T00:00:00Z"), anchor))
                .isEqualTo(new Period(at("2026-02-28T00:00:00Z"), at("2026-03-31T00:00:00Z")));
        assertThat(Period.containing(at("2026-02-27T23:59:59.999Z"), anchor))
                .isEqualTo(new Period(at("2026-01-31T00:00:00Z"), at("2026-02-28T00:00:00Z")));
    }

    @Test
    void anniversariesOnThe31stChainWithoutGapsOrDriftFor36Periods() {
        Instant anchor = at("2026-01-31T09:30:00Z");
        Period period = Period.containing(anchor, anchor);
        YearMonth month = YearMonth.of(2026, 1);
        for (int i = 0; i < 36; i++) {
            assertThat(period.start()).as("period %d", i).isEqualTo(lastDayAt(month, LocalTime.of(9, 30)));
            assertThat(period.end()).as("period %d", i).isEqualTo(lastDayAt(month.plusMonths(1), LocalTime.of(9, 30)));
            assertThat(period.label()).isEqualTo(month.atEndOfMonth().toString());
            assertThat(period.contains(period.end().minusMillis(1))).isTrue();

            Period next = period.next(anchor);
            assertThat(next.start()).as("no gap, no overlap after %s", period).isEqualTo(period.end());
            assertThat(Period.containing(next.start(), anchor)).isEqualTo(next);
            period = next;
            month = month.plusMonths(1);
        }
    }

    @Test
    void anniversariesOnThe15thChainFor36PeriodsOfTheLengthOfTheMonthTheyStartIn() {
        Instant anchor = at("2026-11-15T00:00:00Z");
        Period period = Period.containing(at("2026-11-20T00:00:00Z"), anchor);
        YearMonth month = YearMonth.of(2026, 11);
        for (int i = 0; i < 36; i++) {
            assertThat(period.start()).isEqualTo(month.atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC));
            assertThat(period.millis()).as("period %d", i).isEqualTo(month.lengthOfMonth() * DAY);
            Period next = period.next(anchor);
            assertThat(next.start()).isEqualTo(period.end());
            period = next;
            month = month.plusMonths(1);
        }
    }

    // ---- labels and validation ----

    @Test
    void aCalendarMonthIsLabelledByItsMonthAndAnAnniversaryByItsStartDay() {
        assertThat(Period.containing(at("2026-11-20T00:00:00Z"), null).label()).isEqualTo("2026-11");
        assertThat(Period.containing(at("2026-11-20T00:00:00Z"), at("2026-01-15T00:00:00Z")).label())
                .isEqualTo("2026-11-15");
        // An anchor on the 1st at a time of day is not a calendar month.
        assertThat(Period.containing(at("2026-11-20T00:00:00Z"), at("2026-01-01T08:00:00Z")).label())
                .isEqualTo("2026-11-01");
    }

    @Test
    void aPeriodMustEndAfterItStarts() {
        assertThatThrownBy(() -> new Period(at("2026-11-01T00:00:00Z"), at("2026-11-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Period(at("2026-12-01T00:00:00Z"), at("2026-11-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Instant lastDayAt(YearMonth month, LocalTime time) {
        return month.atEndOfMonth().atTime(time).toInstant(ZoneOffset.UTC);
    }
}
