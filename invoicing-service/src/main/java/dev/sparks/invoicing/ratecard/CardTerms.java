package dev.sparks.invoicing.ratecard;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What invoicing takes from a rate card: the dollar rate of a Spark and the month-level volume
 * discount (rating prices events; discounts depend on the whole month, so invoicing applies them).
 */
public record CardTerms(String version, BigDecimal usdPerSpark, Optional<VolumeDiscount> volumeDiscount) {

    /**
     * @param aboveThresholdOnly true: only the Sparks above the threshold are discounted; false:
     *                           all of the month's Sparks once the threshold is exceeded
     */
    public record VolumeDiscount(BigDecimal thresholdSparks, BigDecimal percent, boolean aboveThresholdOnly) {}
}
