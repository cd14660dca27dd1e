package dev.sparks.rating.pricing;

import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;

/**
 * The price of one usage item under one card: {@code sparks} rounded once (6 decimals, half-even),
 * {@code usd} = sparks × the card's Spark rate, exact (at most 9 decimals); the unit price has 9
 * decimals and is for display only.
 */
public record Priced(String cardVersion, String unit, String category, BigDecimal unitPriceSparks, Sparks sparks,
        BigDecimal usd, BigDecimal usdPerSpark, String rule, BigDecimal markupPercent) {}
