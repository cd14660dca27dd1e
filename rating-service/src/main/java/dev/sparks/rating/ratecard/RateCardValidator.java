package dev.sparks.rating.ratecard;

import dev.sparks.rating.ratecard.RateCardRules.MetricRate;
import dev.sparks.rating.ratecard.RateCardRules.RateOverride;
import dev.sparks.rating.ratecard.RateCardRules.Variant;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Checks what a card says on its own: no price, markup or discount can come out negative, every
 * field has the shape pricing relies on. Checks against other cards happen at publish time
 * ({@link RateCards#publish}). Errors name the JSON field (snake_case path) at fault.
 */
final class RateCardValidator {

    private static final String VERSION = "[A-Za-z0-9._-]{1,64}";
    private static final String METRIC = "[a-z0-9_]{1,64}";

    private RateCardValidator() {}

    static void validate(RateCard card) {
        if (card.version() == null || !card.version().matches(VERSION)) {
            throw RateCardException.invalid("version", "Must match " + VERSION);
        }
        if (card.effectiveFrom() == null) {
            throw RateCardException.invalid("effective_from", "Required, an ISO-8601 instant");
        }
        if (card.effectiveTo() != null && !card.effectiveTo().isAfter(card.effectiveFrom())) {
            throw RateCardException.invalid("effective_to", "Must be after effective_from");
        }
        RateCardRules rules = card.rules();
        BigDecimal rate = rules.usdPerSpark();
        if (rate == null || rate.signum() <= 0 || rate.stripTrailingZeros().scale() > 3) {
            throw RateCardException.invalid("usd_per_spark", "Must be positive with at most 3 decimals");
        }
        if (rules.metrics().isEmpty()) {
            throw RateCardException.invalid("metrics", "A card prices at least one metric");
        }
        rules.metrics().forEach(RateCardValidator::validateMetric);
        if (rules.volumeDiscount() != null) {
            VolumeDiscount discount = rules.volumeDiscount();
            nonNegative("volume_discount.threshold_sparks", discount.thresholdSparks());
            nonNegative("volume_discount.percent", discount.percent());
            if (discount.percent().compareTo(BigDecimal.valueOf(100)) > 0) {
                throw RateCardException.invalid("volume_discount.percent", "Must be at most 100");
            }
        }
        for (int i = 0; i < rules.overrides().size(); i++) {
            validateOverride("overrides[" + i + "]", rules.overrides().get(i), rules.metrics());
        }
    }

    private static void validateMetric(String metric, MetricRate rate) {
        String at = "metrics." + metric;
        if (!metric.matches(METRIC)) {
            throw RateCardException.invalid(at, "Metric names must match " + METRIC);
        }
        if (rate.unit() == null || rate.unit().isBlank()) {
            throw RateCardException.invalid(at + ".unit", "Required");
        }
        if (rate.category() == null || rate.category().isBlank()) {
            throw RateCardException.invalid(at + ".category", "Required");
        }
        positive(at + ".per", rate.per());
        if (rate.isPassThrough()) {
            nonNegative(at + ".markup_percent", rate.markupPercent());
            if (!rate.variants().isEmpty()) {
                throw RateCardException.invalid(at + ".variants", "A pass-through metric is priced by the provider's cost");
            }
            return;
        }
        nonNegative(at + ".sparks", rate.sparks());
        for (int i = 0; i < rate.variants().size(); i++) {
            Variant variant = rate.variants().get(i);
            String vat = at + ".variants[" + i + "]";
            if (variant.match().isEmpty()) {
                throw RateCardException.invalid(vat + ".match", "A variant matches at least one property");
            }
            nonNegative(vat + ".sparks", variant.sparks());
            positive(vat + ".per", variant.per());
        }
    }

    private static void validateOverride(String at, RateOverride override, Map<String, MetricRate> metrics) {
        if ((override.customerId() == null) == (override.plan() == null)) {
            throw RateCardException.invalid(at, "Names exactly one of customer_id and plan");
        }
        MetricRate rate = override.metric() == null ? null : metrics.get(override.metric());
        if (rate == null) {
            throw RateCardException.invalid(at + ".metric", "Must be a metric this card prices");
        }
        positive(at + ".per", override.per());
        if (rate.isPassThrough()) {
            nonNegative(at + ".markup_percent", override.markupPercent());
        } else {
            nonNegative(at + ".sparks", override.sparks());
        }
    }

    private static void nonNegative(String field, BigDecimal value) {
        if (value == null || value.signum() < 0) {
            throw RateCardException.invalid(field, "Required, must not be negative");
        }
        atMostDecimals(field, value);
    }

    private static void positive(String field, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            throw RateCardException.invalid(field, "Required, must be positive");
        }
        atMostDecimals(field, value);
    }

    /** The card's topic carries prices with 9 decimals, percentages with 4 and Sparks with 6. */
    private static void atMostDecimals(String field, BigDecimal value) {
        int decimals = field.endsWith("percent") ? 4 : field.endsWith("threshold_sparks") ? 6 : 9;
        if (value.stripTrailingZeros().scale() > decimals) {
            throw RateCardException.invalid(field, "At most " + decimals + " decimals");
        }
    }
}
