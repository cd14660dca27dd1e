package dev.sparks.console.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The plan catalogue and price previews as the services send them (snake_case on the wire). */
final class PricingShapes {

    private PricingShapes() {}

    /** subscription-service {@code GET /v1/plans}: prices in dollars, exact to the cent. */
    record Plan(String planId, String displayName, int tier, BigDecimal monthlyPrice, BigDecimal annualPrice,
            BigDecimal annualSaving, BigDecimal annualDiscountPercent, String currency, BigDecimal includedSparks,
            String overage, BigDecimal gracePercent, String trialPeriod, List<Feature> features) {}

    record Feature(String feature, boolean enabled, BigDecimal usageLimit) {}

    /** rating-service {@code POST /v1/prices/preview}. */
    record PreviewRequest(String plan, List<Item> items) {}

    record Item(String metric, BigDecimal quantity, Map<String, String> properties) {}

    record Preview(String cardVersion, String plan, List<PreviewLine> items, BigDecimal subtotalSparks,
            BigDecimal discountSparks, BigDecimal totalSparks, BigDecimal totalUsd, String discountRule) {}

    record PreviewLine(String metric, BigDecimal quantity, String unit, BigDecimal unitPriceSparks, BigDecimal sparks,
            BigDecimal usd, String rule) {}
}
