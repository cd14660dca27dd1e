package dev.sparks.platform.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparks.platform.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ShiftedClockTest {

    private final MutableClock real = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));

    @Test
    void aPinnedClockRunsFromItsPinAtRealSpeed() {
        ShiftedClock clock = ShiftedClock.pinned(real,
                new ShiftedClock.Shift(real.instant(), Instant.parse("2027-02-28T23:59:30Z"), BigDecimal.ONE));
        assertThat(clock.instant()).isEqualTo("2027-02-28T23:59:30Z");
        real.advance(Duration.ofSeconds(45));
        assertThat(clock.instant()).isEqualTo("2027-03-01T00:00:15Z");
    }

    @Test
    void twoProcessesGivenTheSamePinAndAnchorAgreeWhenEverTheyStart() {
        Instant anchor = real.instant();
        ShiftedClock first = ShiftedClock.pinned(real, new ShiftedClock.Shift(anchor, Instant.parse("2028-02-29T12:00:00Z"), BigDecimal.valueOf(60)));
        real.advance(Duration.ofSeconds(10));
        ShiftedClock second = ShiftedClock.pinned(real, new ShiftedClock.Shift(anchor, Instant.parse("2028-02-29T12:00:00Z"), BigDecimal.valueOf(60)));
        assertThat(first.instant()).isEqualTo(second.instant()).isEqualTo("2028-02-29T12:10:00Z");
    }

    @Test
    void movingTheClockKeepsItRunningFromTheNewInstant() {
        ShiftedClock clock = ShiftedClock.system();
        assertThat(clock.isShifted()).isFalse();
        clock.moveTo(Instant.parse("2027-01-31T23:59:00Z"), BigDecimal.valueOf(2));
        assertThat(clock.isShifted()).isTrue();
        assertThat(clock.instant()).isBetween(Instant.parse("2027-01-31T23:59:00Z"), Instant.parse("2027-01-31T23:59:10Z"));
    }

    @Test
    void aZoneChangesOnlyHowTimeIsRendered() {
        ShiftedClock clock = ShiftedClock.pinned(real, new ShiftedClock.Shift(real.instant(), Instant.parse("2027-03-28T00:59:59Z"), BigDecimal.ONE));
        assertThat(clock.withZone(ZoneId.of("Europe/Berlin")).instant()).isEqualTo(clock.instant());
        assertThat(clock.withZone(ZoneId.of("Europe/Berlin")).getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new ShiftedClock.Shift(Instant.EPOCH, Instant.EPOCH, BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
