package dev.sparks.subscription.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class QuotaPeriodTest {

    @Test
    void aCalendarPeriodIsTheUtcMonthAndMidnightOnTheFirstBelongsToTheNewOne() {
        QuotaPeriod october = QuotaPeriod.calendarMonth(Instant.parse("2026-10-31T23:59:59.999Z"));
        assertThat(october.start()).isEqualTo(OffsetDateTime.parse("2026-10-01T00:00Z"));
        assertThat(october.end()).isEqualTo(OffsetDateTime.parse("2026-11-01T00:00Z"));
        assertThat(QuotaPeriod.calendarMonth(Instant.parse("2026-11-01T00:00:00Z")).start())
                .isEqualTo(OffsetDateTime.parse("2026-11-01T00:00Z"));
    }

    @Test
    void anAnniversaryPeriodStartsOnTheAnchorsDayAndTimeAndComesBackToThe31st() {
        OffsetDateTime anchor = OffsetDateTime.parse("2026-01-31T10:00Z");
        QuotaPeriod february = QuotaPeriod.anniversary(anchor, Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(february.start()).isEqualTo(OffsetDateTime.parse("2026-02-28T10:00Z"));
        assertThat(february.end()).isEqualTo(OffsetDateTime.parse("2026-03-31T10:00Z"));
        QuotaPeriod march = QuotaPeriod.anniversary(anchor, Instant.parse("2026-03-31T10:00:00Z"));
        assertThat(march.start()).isEqualTo(OffsetDateTime.parse("2026-03-31T10:00Z"));
        assertThat(QuotaPeriod.anniversary(anchor, Instant.parse("2026-03-31T09:59:59Z")).start())
                .isEqualTo(OffsetDateTime.parse("2026-02-28T10:00Z"));
        assertThat(QuotaPeriod.anniversary(anchor, Instant.parse("2026-01-31T10:00:00Z")).start()).isEqualTo(anchor);
    }
}
