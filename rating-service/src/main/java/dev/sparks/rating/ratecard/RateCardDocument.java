package dev.sparks.rating.ratecard;

import dev.sparks.rating.ratecard.RateCardRules.MetricRate;
import dev.sparks.rating.ratecard.RateCardRules.RateOverride;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rate card as JSON: the admin API's request and response body and the format of the shipped
 * initial card ({@code rate-cards/initial.json}). {@code status}, {@code published_at} and
 * {@code correction} are answers, ignored on input.
 */
public record RateCardDocument(
        String version,
        RateCard.Status status,
        Instant effectiveFrom,
        Instant effectiveTo,
        BigDecimal usdPerSpark,
        Map<String, MetricRate> metrics,
        VolumeDiscount volumeDiscount,
        List<RateOverride> overrides,
        @JsonProperty(access = JsonProperty.Access.READ_ONLY) Instant publishedAt,
        @JsonProperty(access = JsonProperty.Access.READ_ONLY) Boolean correction) {

    public static RateCardDocument of(RateCard card) {
        RateCardRules rules = card.rules();
        return new RateCardDocument(card.version(), card.status(), card.effectiveFrom(), card.effectiveTo(),
                rules.usdPerSpark(), rules.metrics(), rules.volumeDiscount(), rules.overrides(), card.publishedAt(),
                card.publishedAt() == null ? null : card.isCorrection());
    }

    RateCardRules rules() {
        return new RateCardRules(usdPerSpark, metrics, volumeDiscount, overrides);
    }
}
