package dev.sparks.invoicing.fee;

import dev.sparks.invoicing.period.Period;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * What an annual plan saves, spread over its months so that a year adds up to the annual price
 * exactly, with one rounding rule.
 *
 * <p>The yearly saving is {@code 12·P − round(12·P·(1 − d))}: the same half-even rounding, once a
 * year, that subscription-service uses for the annual price. Month {@code m} of the year (1–12, of
 * the period's start) gets {@code round(S·m/12) − round(S·(m−1)/12)}, so any twelve consecutive
 * months add up to {@code S}. A stretch of a period gets the month's saving times its share of the
 * period, again as a difference of two cumulative amounts, so the stretches of a month add up to
 * the month's saving. Rounding per month or per stretch instead drifts by up to several cents a
 * year.
 */
final class AnnualDiscount {

    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);

    private AnnualDiscount() {}

    /** The saving over {@code [from, to)} of {@code period}, in minor units. */
    static long over(long monthlyPriceMinor, BigDecimal percent, Period period, Instant from, Instant to) {
        long month = monthOfPeriod(monthlyPriceMinor, percent, period);
        return SubscriptionFees.cumulative(month, period, to) - SubscriptionFees.cumulative(month, period, from);
    }

    /** The saving of the whole period, by the month of the year it starts in. */
    static long monthOfPeriod(long monthlyPriceMinor, BigDecimal percent, Period period) {
        long yearly = yearly(monthlyPriceMinor, percent);
        int month = period.start().atZone(ZoneOffset.UTC).getMonthValue();
        return upToMonth(yearly, month) - upToMonth(yearly, month - 1);
    }

    /** {@code 12·P − round(12·P·(1 − d/100))}, half-even to the cent. */
    static long yearly(long monthlyPriceMinor, BigDecimal percent) {
        BigDecimal twelveMonths = BigDecimal.valueOf(monthlyPriceMinor).multiply(TWELVE);
        long annualPrice = twelveMonths.multiply(BigDecimal.ONE.subtract(percent.movePointLeft(2)))
                .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        return twelveMonths.longValueExact() - annualPrice;
    }

    private static long upToMonth(long yearly, int months) {
        return BigDecimal.valueOf(yearly).multiply(BigDecimal.valueOf(months))
                .divide(TWELVE, 0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
