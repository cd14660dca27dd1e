package dev.sparks.rating.ratecard;

import dev.sparks.rating.ratecard.RateCardRules.MetricRate;
import dev.sparks.rating.ratecard.RateCardRules.RateOverride;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rate card as JSON: the admin API's request and response body and the format of the shipped
 * initial card ({@code rate-cards/initial.json}). {@code status} is ignored on input.
 */
public record RateCardDocument(
        String version,
        RateCard.Status status,
        Instant effectiveFrom,
        Instant effectiveTo,
        BigDecimal usdPerSpark,
        Map<String, MetricRate> metrics,
        VolumeDiscount volumeDiscount,
        List<RateOverride> overrides) {

    public static RateCardDocument of(RateCard card) {
        RateCardRules rules = card.rules();
        return new RateCardDocument(card.version(), card.status(), card.effectiveFrom(), card.effectiveTo(),
                rules.usdPerSpark(), rules.metrics(), rules.volumeDiscount(), rules.overrides());
    }

    RateCardRules rules() {
        return new RateCardRules(usdPerSpark, metrics, volumeDiscount, overrides);
    }
}
