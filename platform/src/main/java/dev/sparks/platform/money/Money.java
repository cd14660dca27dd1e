package dev.sparks.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A currency amount in integer minor units (cents for USD). Exact dollar values become money by
 * rounding half-even to the currency's minor unit, once, at the invoice line; an invoice's total
 * is the sum of its lines' minor units, so lines always add up.
 */
public record Money(String currency, long minorUnits) {

    public static final String USD = "USD";
    private static final int USD_DIGITS = 2;

    public static Money usd(BigDecimal exactDollars) {
        BigDecimal cents = exactDollars.setScale(USD_DIGITS, RoundingMode.HALF_EVEN).movePointRight(USD_DIGITS);
        return new Money(USD, cents.longValueExact());
    }

    public static Money zero(String currency) {
        return new Money(currency, 0);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency);
        }
        return new Money(currency, Math.addExact(minorUnits, other.minorUnits));
    }

    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(minorUnits, USD_DIGITS);
    }

    @Override
    public String toString() {
        return (currency.equals(USD) ? "$" : currency + " ") + toDecimal().toPlainString();
    }
}
