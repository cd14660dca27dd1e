package dev.sparks.invoicing.usage;

import java.math.BigDecimal;

/** One metric's usage in a period: exact quantity and Sparks, and how many events made it. */
public record UsageTotal(String category, String metric, String unit, BigDecimal quantity, BigDecimal sparks, long events) {}
