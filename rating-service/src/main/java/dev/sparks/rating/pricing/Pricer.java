package dev.sparks.rating.pricing;

import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.platform.money.Sparks;
import dev.sparks.rating.ratecard.RateCard;
import dev.sparks.rating.ratecard.RateCardRules.MetricRate;
import dev.sparks.rating.ratecard.RateCardRules.RateOverride;
import dev.sparks.rating.ratecard.RateCardRules.Variant;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pricing rule, a pure function of (card, item, customer, plan). Every price is one exact
 * product divided once: {@code sparks = quantity × sparks_per / per} or, for pass-through,
 * {@code quantity × provider_cost × (100 + markup) / (100 × usd_per_spark)}; that single division
 * rounds to 6 decimals half-even (the {@link Sparks} rule) and nothing else rounds. Hence one
 * rated event is within half a micro-Spark of its exact price, and a sum of n events within n/2.
 */
public final class Pricer {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int UNIT_PRICE_SCALE = 9;

    private Pricer() {}

    /** @throws RecordRejectedException when the card cannot price the item (the reason says why) */
    public static Priced price(RateCard card, UsageItem item, String customerId, String plan) {
        MetricRate rate = card.rules().metrics().get(item.metric());
        if (rate == null) {
            throw new RecordRejectedException("Unknown metric '" + item.metric() + "': no price in rate card " + card.version());
        }
        if (item.quantity() == null || item.quantity().signum() < 0) {
            throw new RecordRejectedException("Invalid quantity " + (item.quantity() == null ? "null" : item.quantity().toPlainString())
                    + " of " + item.metric() + ": must be a number >= 0");
        }
        Optional<RateOverride> override = overrideFor(card, item.metric(), customerId, plan);
        return rate.isPassThrough() ? passThrough(card, rate, override, item) : perUnit(card, rate, override, item);
    }

    private static Priced perUnit(RateCard card, MetricRate rate, Optional<RateOverride> override, UsageItem item) {
        BigDecimal sparksPer;
        BigDecimal per;
        String rule;
        Optional<Variant> variant = bestVariant(rate, item);
        if (override.isPresent()) {
            sparksPer = override.get().sparks();
            per = override.get().per();
            rule = overrideRule(override.get());
        } else if (variant.isPresent()) {
            sparksPer = variant.get().sparks();
            per = variant.get().per();
            rule = "per_unit" + new TreeMap<>(variant.get().match()).toString().replace('{', '[').replace('}', ']').replace(" ", "");
        } else {
            sparksPer = rate.sparks();
            per = rate.per();
            rule = "per_unit";
        }
        Sparks sparks = new Sparks(item.quantity().multiply(sparksPer).divide(per, Sparks.SCALE, Sparks.ROUNDING));
        return priced(card, rate, sparksPer.divide(per, UNIT_PRICE_SCALE, Sparks.ROUNDING), sparks, rule, null);
    }

    private static Priced passThrough(RateCard card, MetricRate rate, Optional<RateOverride> override, UsageItem item) {
        BigDecimal cost = item.providerUnitCostUsd();
        if (cost == null || cost.signum() < 0) {
            throw new RecordRejectedException("Pass-through metric " + item.metric()
                    + " needs a provider_unit_cost_usd >= 0, got " + (cost == null ? "none" : cost.toPlainString()));
        }
        BigDecimal markup = override.map(RateOverride::markupPercent).orElse(rate.markupPercent());
        BigDecimal usdPerSpark = card.rules().usdPerSpark();
        BigDecimal divisor = HUNDRED.multiply(usdPerSpark);
        BigDecimal perUnitTimesHundred = cost.multiply(HUNDRED.add(markup));
        Sparks sparks = new Sparks(item.quantity().multiply(perUnitTimesHundred).divide(divisor, Sparks.SCALE, Sparks.ROUNDING));
        String rule = override.map(Pricer::overrideRule).orElse("pass_through");
        return priced(card, rate, perUnitTimesHundred.divide(divisor, UNIT_PRICE_SCALE, Sparks.ROUNDING), sparks, rule, markup);
    }

    private static Priced priced(RateCard card, MetricRate rate, BigDecimal unitPrice, Sparks sparks, String rule,
            BigDecimal markup) {
        BigDecimal usd = sparks.toUsd(card.rules().usdPerSpark()).setScale(UNIT_PRICE_SCALE);
        return new Priced(card.version(), rate.unit(), rate.category(), unitPrice, sparks, usd, card.rules().usdPerSpark(),
                rule, markup);
    }

    /** A customer's own override wins over its plan's. */
    private static Optional<RateOverride> overrideFor(RateCard card, String metric, String customerId, String plan) {
        Optional<RateOverride> forCustomer = card.rules().overrides().stream()
                .filter(o -> metric.equals(o.metric()) && o.customerId() != null && o.customerId().equals(customerId))
                .findFirst();
        return forCustomer.isPresent() ? forCustomer : card.rules().overrides().stream()
                .filter(o -> metric.equals(o.metric()) && o.customerId() == null && o.plan() != null && o.plan().equals(plan))
                .findFirst();
    }

    private static String overrideRule(RateOverride override) {
        return override.customerId() != null ? "override[customer=" + override.customerId() + "]"
                : "override[plan=" + override.plan() + "]";
    }

    /** The variant matching the most properties; among equally specific ones, the first listed. */
    private static Optional<Variant> bestVariant(MetricRate rate, UsageItem item) {
        return rate.variants().stream()
                .filter(v -> v.match().entrySet().stream().allMatch(e -> e.getValue().equals(item.properties().get(e.getKey()))))
                .max(Comparator.comparingInt(v -> v.match().size())); // maxBy keeps the first of equals
    }
}
