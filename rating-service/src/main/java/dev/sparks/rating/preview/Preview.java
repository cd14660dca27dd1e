package dev.sparks.rating.preview;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * A price preview. {@code discountSparks} is the part of the month's volume discount these items
 * add, given the customer's Sparks so far this month: discount(so far + items) - discount(so far).
 * USD amounts are exact (Sparks × the card's Spark rate); invoices round each line to the cent.
 */
public record Preview(String cardVersion, String plan, YearMonth month, BigDecimal monthToDateSparks,
        List<Line> items, BigDecimal subtotalSparks, BigDecimal discountSparks, BigDecimal totalSparks,
        BigDecimal totalUsd, String discountRule) {

    public record Line(String metric, BigDecimal quantity, String unit, BigDecimal unitPriceSparks, BigDecimal sparks,
            BigDecimal usd, String rule, BigDecimal markupPercent) {}
}
