package dev.sparks.rating.pricing;

import dev.sparks.rating.ratecard.RateCard;
import dev.sparks.rating.ratecard.RateCardRules;
import dev.sparks.rating.ratecard.RateCardRules.MetricRate;
import dev.sparks.rating.ratecard.RateCardRules.RateOverride;
import dev.sparks.rating.ratecard.RateCardRules.Variant;
import dev.sparks.rating.ratecard.VolumeDiscount;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Rate cards for pricing tests: the shipped prices, with a model variant and Enterprise overrides. */
final class Cards {

    private Cards() {}

    static RateCard standard(String version, String aiTokensPer1000) {
        Map<String, MetricRate> metrics = Map.of(
                "ai_tokens", new MetricRate("token", "ai_tokens", new BigDecimal(aiTokensPer1000), new BigDecimal("1000"), false, null,
                        List.of(new Variant(Map.of("model", "gpt-4o", "token_type", "output"), new BigDecimal("300"), new BigDecimal("1000")),
                                new Variant(Map.of("model", "gpt-4o"), new BigDecimal("150"), new BigDecimal("1000")))),
                "compute_minutes", new MetricRate("minute", "compute", new BigDecimal("50"), null, false, null, null),
                "storage_gb_months", new MetricRate("gb_month", "storage", new BigDecimal("500"), null, false, null, null),
                "livekit_egress_minutes", new MetricRate("minute", "livekit", null, null, true, new BigDecimal("20"), null));
        List<RateOverride> overrides = List.of(
                new RateOverride(null, "enterprise", "ai_tokens", new BigDecimal("80"), new BigDecimal("1000"), null),
                new RateOverride("bigco", null, "ai_tokens", new BigDecimal("60"), new BigDecimal("1000"), null),
                new RateOverride(null, "enterprise", "livekit_egress_minutes", null, null, new BigDecimal("10")));
        return new RateCard(version, RateCard.Status.PUBLISHED, Instant.parse("2020-01-01T00:00:00Z"), null,
                new RateCardRules(new BigDecimal("0.001"), metrics,
                        new VolumeDiscount(new BigDecimal("10000"), new BigDecimal("5"), VolumeDiscount.Scope.ABOVE_THRESHOLD),
                        overrides), Instant.parse("2020-01-01T00:00:00Z"));
    }

    /** The same card under another version with another dollar value of a Spark. */
    static RateCard withSparkRate(RateCard card, String version, String usdPerSpark) {
        RateCardRules rules = card.rules();
        return new RateCard(version, card.status(), card.effectiveFrom(), card.effectiveTo(),
                new RateCardRules(new BigDecimal(usdPerSpark), rules.metrics(), rules.volumeDiscount(), rules.overrides()),
                card.publishedAt());
    }
}
