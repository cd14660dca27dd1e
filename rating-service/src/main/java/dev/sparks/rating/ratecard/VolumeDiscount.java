package dev.sparks.rating.ratecard;

import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;

/**
 * The month-level volume discount, applied by invoicing to a customer's Sparks of a calendar month
 * (UTC) and by the price preview. It applies when the month's Sparks strictly exceed the threshold.
 * {@link Scope#ABOVE_THRESHOLD} (the shipped default) discounts only the Sparks above the
 * threshold, so using one more Spark never makes the month cheaper; {@link Scope#WHOLE_MONTH}
 * discounts all of them. The discount is rounded once, by the {@link Sparks} rule.
 */
public record VolumeDiscount(BigDecimal thresholdSparks, BigDecimal percent, Scope appliesTo) {

    public enum Scope { ABOVE_THRESHOLD, WHOLE_MONTH }

    public VolumeDiscount {
        appliesTo = appliesTo == null ? Scope.ABOVE_THRESHOLD : appliesTo;
    }

    /** The Sparks taken off a month whose rated Sparks total {@code month}. */
    public Sparks discountOn(Sparks month) {
        if (month.amount().compareTo(thresholdSparks) <= 0) {
            return Sparks.ZERO;
        }
        BigDecimal discounted = appliesTo == Scope.WHOLE_MONTH ? month.amount() : month.amount().subtract(thresholdSparks);
        return new Sparks(discounted.multiply(percent).movePointLeft(2));
    }
}
