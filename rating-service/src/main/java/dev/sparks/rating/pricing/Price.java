package dev.sparks.rating.pricing;

import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;

/** What one metric costs: {@code sparks} for every {@code per} units (100 Sparks per 1,000 tokens). */
public record Price(String metric, String unit, String category, BigDecimal sparks, BigDecimal per) {

    public Price {
        if (sparks.signum() < 0 || per.signum() <= 0) {
            throw new IllegalArgumentException("Price of " + metric + " must be >= 0 Sparks per a positive quantity");
        }
    }

    /** Rounded once, by the {@link Sparks} rule, in the division that follows the exact multiplication. */
    public Sparks of(BigDecimal quantity) {
        return new Sparks(quantity.multiply(sparks).divide(per, Sparks.SCALE, Sparks.ROUNDING));
    }

    /** Sparks per single unit, for display on the rated event (9 decimals, like quantities). */
    public BigDecimal unitPrice() {
        return sparks.divide(per, 9, Sparks.ROUNDING);
    }
}
