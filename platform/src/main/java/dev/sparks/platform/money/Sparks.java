package dev.sparks.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of Sparks, Sparks' internal credit. The rounding rule lives here and nowhere else:
 * an amount of Sparks has six decimals, rounded half-even (banker's rounding) at the single step
 * where a quantity is multiplied by a unit price. Sums of Sparks are exact.
 */
public record Sparks(BigDecimal amount) implements Comparable<Sparks> {

    public static final int SCALE = 6;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    public static final Sparks ZERO = new Sparks(BigDecimal.ZERO);

    public Sparks {
        Objects.requireNonNull(amount, "amount");
        amount = amount.setScale(SCALE, ROUNDING);
    }

    public static Sparks of(String amount) {
        return new Sparks(new BigDecimal(amount));
    }

    public static Sparks of(long amount) {
        return new Sparks(BigDecimal.valueOf(amount));
    }

    /** {@code quantity × unitPrice}, the one place a price is rounded. */
    public static Sparks price(BigDecimal quantity, BigDecimal unitPriceInSparks) {
        return new Sparks(quantity.multiply(unitPriceInSparks));
    }

    public Sparks plus(Sparks other) {
        return new Sparks(amount.add(other.amount));
    }

    public Sparks minus(Sparks other) {
        return new Sparks(amount.subtract(other.amount));
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /** The exact US-dollar value at {@code usdPerSpark}; round it with {@link Money#usd(BigDecimal)}. */
    public BigDecimal toUsd(BigDecimal usdPerSpark) {
        return amount.multiply(usdPerSpark);
    }

    @Override
    public int compareTo(Sparks other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return amount.stripTrailingZeros().toPlainString() + " Sparks";
    }
}
