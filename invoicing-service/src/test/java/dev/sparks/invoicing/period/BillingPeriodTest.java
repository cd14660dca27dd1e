package dev.sparks.invoicing.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BillingPeriodTest {

    @Test
    void midnightUtcOnTheFirstBelongsToTheNewMonth() {
        assertThat(BillingPeriod.of(Instant.parse("2026-11-01T00:00:00.000Z"))).hasToString("2026-11");
        assertThat(BillingPeriod.of(Instant.parse("2026-10-31T23:59:59.999Z"))).hasToString("2026-10");
    }

    @Test
    void aPeriodHasEndedOnlyFromItsEndOn() {
        BillingPeriod october = BillingPeriod.parse("2026-10");

        assertThat(october.hasEnded(Clock.fixed(Instant.parse("2026-10-31T23:59:59.999Z"), ZoneOffset.UTC))).isFalse();
        assertThat(october.hasEnded(Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC))).isTrue();
    }

    @Test
    void aMalformedMonthIsRefusedWithTheExpectedShape() {
        assertThatThrownBy(() -> BillingPeriod.parse("2026-13")).hasMessageContaining("YYYY-MM");
        assertThatThrownBy(() -> BillingPeriod.parse(null)).hasMessageContaining("YYYY-MM");
    }
}
