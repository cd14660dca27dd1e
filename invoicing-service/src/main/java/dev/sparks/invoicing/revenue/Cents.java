package dev.sparks.invoicing.revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Rounding to whole cents. Every reported figure is rounded once, on its exact total: rounding each
 * customer's half-cent first would drift the total by up to half a cent per customer.
 */
final class Cents {

    private Cents() {}

    static long halfEven(BigDecimal exactMinor) {
        return exactMinor.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
