package dev.sparks.rating.ratecard;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.rating.ratecard.RateCardRules.MetricRate;
import dev.sparks.schemas.rating.DiscountScope;
import dev.sparks.schemas.rating.MetricRate.Builder;
import dev.sparks.schemas.rating.RateCardPublished;
import dev.sparks.schemas.rating.RateOverride;
import dev.sparks.schemas.rating.RateVariant;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Translates a card into its {@code rating.rate-cards.v1} record. */
@Component
class RateCardEvents {

    private final String producer;

    RateCardEvents(PlatformProperties platform) {
        this.producer = platform.serviceName();
    }

    /** One id per version and effective interval: closing a card's open end is a new event. */
    String eventId(RateCard card) {
        String name = "rate-card|" + card.version() + "|" + card.effectiveFrom() + "|" + card.effectiveTo();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    RateCardPublished published(RateCard card, Instant now) {
        RateCardRules rules = card.rules();
        VolumeDiscount discount = rules.volumeDiscount();
        return RateCardPublished.newBuilder()
                .setEventId(eventId(card))
                .setOccurredAt(now)
                .setProducer(producer)
                .setVersion(card.version())
                .setEffectiveFrom(card.effectiveFrom())
                .setEffectiveTo(card.effectiveTo())
                .setUsdPerSpark(rules.usdPerSpark().setScale(9))
                .setMetrics(rules.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(entry -> metric(entry.getKey(), entry.getValue())).toList())
                .setVolumeDiscount(discount == null ? null : dev.sparks.schemas.rating.VolumeDiscount.newBuilder()
                        .setThresholdSparks(discount.thresholdSparks().setScale(6))
                        .setPercent(discount.percent().setScale(4))
                        .setAppliesTo(DiscountScope.valueOf(discount.appliesTo().name()))
                        .build())
                .setOverrides(rules.overrides().stream().map(o -> RateOverride.newBuilder()
                        .setCustomerId(o.customerId()).setPlan(o.plan()).setMetric(o.metric())
                        .setSparks(scale9(o.sparks())).setPer(scale9(o.per()))
                        .setMarkupPercent(o.markupPercent() == null ? null : o.markupPercent().setScale(4))
                        .build()).toList())
                .build();
    }

    private static dev.sparks.schemas.rating.MetricRate metric(String metric, MetricRate rate) {
        Builder builder = dev.sparks.schemas.rating.MetricRate.newBuilder()
                .setMetric(metric).setUnit(rate.unit()).setCategory(rate.category())
                .setSparks(scale9(rate.sparks())).setPer(scale9(rate.per()))
                .setPassThrough(rate.isPassThrough())
                .setMarkupPercent(rate.markupPercent() == null ? null : rate.markupPercent().setScale(4));
        List<RateVariant> variants = rate.variants().stream().map(v -> RateVariant.newBuilder()
                .setMatch(Map.copyOf(v.match())).setSparks(scale9(v.sparks())).setPer(scale9(v.per())).build()).toList();
        return builder.setVariants(variants).build();
    }

    private static BigDecimal scale9(BigDecimal value) {
        return value == null ? null : value.setScale(9);
    }
}
