package dev.sparks.platform.time;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The platform's clock: the system clock, or a virtual time that runs from a pinned instant at a
 * given rate. Every service of a local stack is given the same pin and the same real anchor, so
 * they agree on "now" to the millisecond although they are separate processes; a demo or a test
 * can then see the same dates whatever the day it runs, and move all of them forward together.
 *
 * <p>Only business time is shifted: timeouts, polling and backoff sleeps stay in real time.
 */
public final class ShiftedClock extends Clock {

    /**
     * From {@code realAnchor} on, virtual time is {@code virtualAnchor} plus the real time elapsed
     * since, times {@code rate}.
     */
    public record Shift(Instant realAnchor, Instant virtualAnchor, BigDecimal rate) {

        public Shift {
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("A clock rate must be positive, got " + rate);
            }
        }

        Instant at(Instant real) {
            Duration elapsed = Duration.between(realAnchor, real);
            return rate.compareTo(BigDecimal.ONE) == 0 ? virtualAnchor.plus(elapsed)
                    : virtualAnchor.plusNanos(BigDecimal.valueOf(elapsed.toNanos()).multiply(rate).longValue());
        }
    }

    private final Clock real;
    private volatile Shift shift;

    private ShiftedClock(Clock real, Shift shift) {
        this.real = real;
        this.shift = shift;
    }

    /** Real time until {@link #moveTo} is called. */
    public static ShiftedClock system() {
        return new ShiftedClock(Clock.systemUTC(), null);
    }

    public static ShiftedClock pinned(Clock real, Shift shift) {
        return new ShiftedClock(real, shift);
    }

    /** From now on, time runs from {@code virtualNow} at {@code rate} (1 is real speed). */
    public synchronized void moveTo(Instant virtualNow, BigDecimal rate) {
        shift = new Shift(real.instant(), virtualNow, rate);
    }

    /** The shift in force, or null while this clock tells real time. */
    public Shift shift() {
        return shift;
    }

    public boolean isShifted() {
        return shift != null;
    }

    @Override
    public Instant instant() {
        Shift current = shift;
        Instant now = real.instant();
        return current == null ? now : current.at(now);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Business rules use UTC instants; a zone only changes how a caller renders them. */
    @Override
    public Clock withZone(ZoneId zone) {
        ShiftedClock shifted = this;
        return zone.equals(ZoneOffset.UTC) ? this : new Clock() {
            @Override
            public Instant instant() {
                return shifted.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return shifted.withZone(other);
            }
        };
    }
}
