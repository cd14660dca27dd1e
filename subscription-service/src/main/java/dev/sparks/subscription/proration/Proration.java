package dev.sparks.subscription.proration;

import dev.sparks.platform.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * Prorates a period's price by the second. The value of {@code [start, t)} is the price times the
 * elapsed share, rounded half-even to the cent; every piece {@code [a, b)} is valued as
 * {@code elapsed(b) - elapsed(a)}. Because the rounding is applied to the running total and not to
 * each piece, any split of a period adds up to the period's price exactly, to the cent.
 */
public final class Proration {

    private Proration() {}

    /** What {@code [start, at)} of the period {@code [start, end)} is worth. */
    public static Money elapsed(Money price, Instant start, Instant end, Instant at) {
        long total = Duration.between(start, end).toSeconds();
        long used = Math.clamp(Duration.between(start, at).toSeconds(), 0, total);
        long minor = BigDecimal.valueOf(price.minorUnits()).multiply(BigDecimal.valueOf(used))
                .divide(BigDecimal.valueOf(total), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
        return new Money(price.currency(), minor);
    }

    /** What {@code [from, to)} of the period is worth. */
    public static Money piece(Money price, Instant start, Instant end, Instant from, Instant to) {
        return new Money(price.currency(),
                elapsed(price, start, end, to).minorUnits() - elapsed(price, start, end, from).minorUnits());
    }

    /** What is left of the period from {@code at}: the credit for unused time. */
    public static Money remaining(Money price, Instant start, Instant end, Instant at) {
        return piece(price, start, end, at, end);
    }
}
