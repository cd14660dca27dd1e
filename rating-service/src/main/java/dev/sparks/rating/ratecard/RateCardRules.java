package dev.sparks.rating.ratecard;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a rate card says, independent of its version and dates: the Spark rate, the price of each
 * metric, the month-level volume discount and the Enterprise overrides. Bound from and written to
 * JSON (snake_case) by the admin API, the shipped initial card and the {@code rate_card.rules} column.
 */
public record RateCardRules(
        BigDecimal usdPerSpark,
        Map<String, MetricRate> metrics,
        VolumeDiscount volumeDiscount,
        List<RateOverride> overrides) {

    public RateCardRules {
        if (metrics != null) {
            metrics.forEach((metric, rate) -> {
                if (rate == null) {
                    throw RateCardException.invalid("metrics." + metric, "Required, an object");
                }
            });
        }
        for (int i = 0; overrides != null && i < overrides.size(); i++) {
            if (overrides.get(i) == null) {
                throw RateCardException.invalid("overrides[" + i + "]", "Required, an object");
            }
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }

    /**
     * One metric's price. Either {@code sparks} per {@code per} units (with optional variants by
     * event properties, e.g. per model and token type), or pass-through: the event's provider cost
     * per unit times {@code 1 + markup_percent / 100}, converted to Sparks.
     */
    public record MetricRate(String unit, String category, BigDecimal sparks, BigDecimal per, Boolean passThrough,
            BigDecimal markupPercent, List<Variant> variants) {

        public MetricRate {
            per = per == null ? BigDecimal.ONE : per;
            passThrough = passThrough != null && passThrough;
            variants = variants == null ? List.of() : List.copyOf(variants);
        }

        public boolean isPassThrough() {
            return passThrough;
        }
    }

    /** A price for events whose properties contain all of {@code match}; the most specific match wins. */
    public record Variant(Map<String, String> match, BigDecimal sparks, BigDecimal per) {

        public Variant {
            match = match == null ? Map.of() : Map.copyOf(match);
            per = per == null ? BigDecimal.ONE : per;
        }
    }

    /**
     * Enterprise custom rate for one customer or one plan; a customer override wins over a plan
     * override, and both replace the metric's price and variants entirely.
     */
    public record RateOverride(String customerId, String plan, String metric, BigDecimal sparks, BigDecimal per,
            BigDecimal markupPercent) {

        public RateOverride {
            per = per == null ? BigDecimal.ONE : per;
        }
    }
}
