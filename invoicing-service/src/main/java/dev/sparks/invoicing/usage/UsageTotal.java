package dev.sparks.invoicing.usage;

import java.math.BigDecimal;

/**
 * One metric's usage in a period: exact quantity, Sparks and dollars, and how many events made it.
 * {@code usd} is the sum of the rated events' own dollars, each at the Spark rate of the card that
 * priced it, so a period that spans a change of Spark rate is billed at both rates.
 */
public record UsageTotal(String category, String metric, String unit, BigDecimal quantity, BigDecimal sparks,
        BigDecimal usd, long events) {}
