package dev.sparks.rating.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.platform.testing.TestEvents;
import dev.sparks.rating.ratecard.RateCard;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RatedUsageKind;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PricerTest {

    private final RateCard v1 = Cards.standard("v1", "100");

    @Test
    void pricesTheShippedSparksConversions() {
        assertThat(sparks("ai_tokens", "1000")).isEqualByComparingTo("100");
        assertThat(sparks("compute_minutes", "1")).isEqualByComparingTo("50");
        assertThat(sparks("storage_gb_months", "1")).isEqualByComparingTo("500");
        Priced tokens = price(item("ai_tokens", "1234"), "acme", "free");
        assertThat(tokens.sparks().amount()).isEqualByComparingTo("123.4");
        assertThat(tokens.usd()).isEqualByComparingTo("0.1234");
        assertThat(tokens.unitPriceSparks()).isEqualByComparingTo("0.1");
        assertThat(tokens.rule()).isEqualTo("per_unit");
    }

    @Test
    void theMostSpecificModelVariantPricesTokens() {
        Priced output = price(new UsageItem("ai_tokens", new BigDecimal("1000"), Map.of("model", "gpt-4o", "token_type", "output"), null), "acme", "free");
        Priced input = price(new UsageItem("ai_tokens", new BigDecimal("1000"), Map.of("model", "gpt-4o", "token_type", "input"), null), "acme", "free");

        assertThat(output.sparks().amount()).isEqualByComparingTo("300");
        assertThat(output.rule()).isEqualTo("per_unit[model=gpt-4o,token_type=output]");
        assertThat(input.sparks().amount()).isEqualByComparingTo("150");
        assertThat(input.rule()).isEqualTo("per_unit[model=gpt-4o]");
    }

    @Test
    void passThroughIsProviderCostTimesMarkupInSparks() {
        // 10 minutes at $0.0125 = $0.125, +20% = $0.15 = 150 Sparks
        Priced egress = price(new UsageItem("livekit_egress_minutes", new BigDecimal("10"), Map.of(), new BigDecimal("0.0125")), "acme", "free");

        assertThat(egress.sparks().amount()).isEqualByComparingTo("150");
        assertThat(egress.usd()).isEqualByComparingTo("0.15");
        assertThat(egress.unitPriceSparks()).isEqualByComparingTo("15");
        assertThat(egress.markupPercent()).isEqualByComparingTo("20");
        assertThat(egress.rule()).isEqualTo("pass_through");
    }

    @Test
    void customerOverrideWinsOverPlanOverrideWhichWinsOverTheCard() {
        assertThat(price(item("ai_tokens", "1000"), "bigco", "enterprise").sparks().amount()).isEqualByComparingTo("60");
        assertThat(price(item("ai_tokens", "1000"), "other", "enterprise").rule()).isEqualTo("override[plan=enterprise]");
        assertThat(price(item("ai_tokens", "1000"), "other", "enterprise").sparks().amount()).isEqualByComparingTo("80");
        assertThat(price(new UsageItem("livekit_egress_minutes", new BigDecimal("10"), Map.of(), new BigDecimal("0.0125")),
                "other", "enterprise").sparks().amount()).isEqualByComparingTo("137.5");
    }

    @Test
    void unratableEventsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> price(item("gpu_hours", "1"), "acme", "free"))
                .isInstanceOf(RecordRejectedException.class).hasMessageContaining("gpu_hours").hasMessageContaining("v1");
        assertThatThrownBy(() -> price(item("compute_minutes", "-1"), "acme", "free"))
                .isInstanceOf(RecordRejectedException.class).hasMessageContaining("Invalid quantity");
        assertThatThrownBy(() -> price(item("livekit_egress_minutes", "3"), "acme", "free"))
                .isInstanceOf(RecordRejectedException.class).hasMessageContaining("provider_unit_cost_usd");
    }

    @Test
    void roundsHalfEvenOnceAtTheSixthDecimal() {
        // 0.000005 tokens x 0.1 = 0.0000005 Sparks: half-even rounds to 0; 0.000015 -> 0.0000015 -> 0.000002
        assertThat(sparks("ai_tokens", "0.000005")).isEqualByComparingTo("0");
        assertThat(sparks("ai_tokens", "0.000015")).isEqualByComparingTo("0.000002");
        assertThat(sparks("ai_tokens", "0.000015").scale()).isEqualTo(6);
    }

    /** Property: the same event and card always give the same rated event, id included. */
    @Test
    void ratingIsDeterministic() {
        Random random = new Random(4);
        for (int i = 0; i < 2_000; i++) {
            RawUsageEvent raw = randomEvent(random);
            String plan = random.nextBoolean() ? "free" : "enterprise";
            RatedUsageEvent first = RatedEvents.original(raw, Pricer.price(v1, UsageItem.of(raw), raw.getCustomerId(), plan), "rating");
            RatedUsageEvent again = RatedEvents.original(raw, Pricer.price(v1, UsageItem.of(raw), raw.getCustomerId(), plan), "rating");
            assertThat(again).isEqualTo(first);
            assertThat(first.getKind()).isEqualTo(RatedUsageKind.ORIGINAL);
        }
    }

    /** Property: no generated event, on any plan, is priced below zero Sparks or dollars. */
    @Test
    void noPriceIsNegative() {
        Random random = new Random(5);
        for (int i = 0; i < 5_000; i++) {
            RawUsageEvent raw = randomEvent(random);
            Priced priced = Pricer.price(v1, UsageItem.of(raw), random.nextBoolean() ? "bigco" : "acme",
                    random.nextBoolean() ? "free" : "enterprise");
            assertThat(priced.sparks().amount().signum()).isNotNegative();
            assertThat(priced.usd().signum()).isNotNegative();
            assertThat(priced.unitPriceSparks().signum()).isNotNegative();
        }
    }

    /**
     * Property: pricing n events of one metric and summing equals pricing their total quantity
     * within the documented bound: each price is rounded once, by at most half a micro-Spark, so
     * the sum is off by at most (n + 1) / 2 micro-Sparks.
     */
    @Test
    void sumOfRatedEventsEqualsRatingTheTotalWithinTheRoundingBound() {
        Random random = new Random(20261121);
        String[] metrics = {"ai_tokens", "compute_minutes", "storage_gb_months", "livekit_egress_minutes"};
        for (int trial = 0; trial < 300; trial++) {
            String metric = metrics[random.nextInt(metrics.length)];
            BigDecimal cost = BigDecimal.valueOf(random.nextLong(0, 100_000_000L), 9);
            int events = 1 + random.nextInt(200);
            BigDecimal sum = BigDecimal.ZERO;
            BigDecimal totalQuantity = BigDecimal.ZERO;
            for (int i = 0; i < events; i++) {
                BigDecimal quantity = BigDecimal.valueOf(random.nextLong(0, 10_000_000_000L), 9);
                totalQuantity = totalQuantity.add(quantity);
                sum = sum.add(price(new UsageItem(metric, quantity, Map.of(), cost), "acme", "free").sparks().amount());
            }
            BigDecimal ofTotal = price(new UsageItem(metric, totalQuantity, Map.of(), cost), "acme", "free").sparks().amount();
            BigDecimal bound = new BigDecimal("0.0000005").multiply(BigDecimal.valueOf(events + 1L));
            assertThat(sum.subtract(ofTotal).abs()).as("trial %d, %s", trial, metric).isLessThanOrEqualTo(bound);
        }
    }

    /** Property: events rated under v1 keep their price, version and id when v2 changes the price. */
    @Test
    void aCardChangeNeverAltersEventsRatedUnderThePreviousVersion() {
        RateCard v2 = Cards.standard("v2", "120");
        Random random = new Random(6);
        List<RawUsageEvent> events = new ArrayList<>();
        List<RatedUsageEvent> underV1 = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            RawUsageEvent raw = randomEvent(random);
            events.add(raw);
            underV1.add(RatedEvents.original(raw, Pricer.price(v1, UsageItem.of(raw), raw.getCustomerId(), "free"), "rating"));
        }
        for (RawUsageEvent raw : events) {
            RatedEvents.original(raw, Pricer.price(v2, UsageItem.of(raw), raw.getCustomerId(), "free"), "rating");
        }
        for (int i = 0; i < events.size(); i++) {
            RawUsageEvent raw = events.get(i);
            RatedUsageEvent again = RatedEvents.original(raw, Pricer.price(v1, UsageItem.of(raw), raw.getCustomerId(), "free"), "rating");
            assertThat(again).isEqualTo(underV1.get(i));
            assertThat(again.getRateCardVersion()).isEqualTo("v1");
        }
        assertThat(v1.rules().metrics().get("ai_tokens").sparks()).isEqualByComparingTo("100");
    }

    @Test
    void aCorrectionCarriesTheDeltaAndLinksTheOriginal() {
        RawUsageEvent raw = TestEvents.raw("acme", "ai_tokens", "2500");
        RatedUsageEvent original = RatedEvents.original(raw, Pricer.price(v1, UsageItem.of(raw), "acme", "free"), "rating");
        Priced underV2 = Pricer.price(Cards.standard("v2", "120"), UsageItem.of(raw), "acme", "free");

        RatedUsageEvent correction = RatedEvents.correction(raw, original, underV2, original.getSparks(), original.getUsd(), 1, "rating");

        assertThat(correction.getSparks()).isEqualByComparingTo("50");
        assertThat(correction.getUsd()).isEqualByComparingTo("0.05");
        assertThat(correction.getQuantity()).isEqualByComparingTo("0");
        assertThat(correction.getKind()).isEqualTo(RatedUsageKind.CORRECTION);
        assertThat(correction.getCorrectsEventId()).isEqualTo(original.getEventId());
        assertThat(correction.getEventId()).isNotEqualTo(original.getEventId())
                .isEqualTo(RatedEvents.correction(raw, original, underV2, original.getSparks(), original.getUsd(), 1, "rating").getEventId())
                .isNotEqualTo(RatedEvents.correction(raw, original, underV2, original.getSparks(), original.getUsd(), 2, "rating").getEventId());
    }

    @Test
    void aCorrectionToACardWithAnotherSparkRateMovesTheDollarsEvenWhenTheSparksStay() {
        RawUsageEvent raw = TestEvents.raw("acme", "ai_tokens", "2500");
        RatedUsageEvent original = RatedEvents.original(raw, Pricer.price(v1, UsageItem.of(raw), "acme", "free"), "rating");
        Priced atTwiceTheRate = Pricer.price(Cards.withSparkRate(v1, "v1-dearer", "0.002"), UsageItem.of(raw), "acme", "free");

        RatedUsageEvent correction = RatedEvents.correction(raw, original, atTwiceTheRate, original.getSparks(),
                original.getUsd(), 1, "rating");

        assertThat(original.getUsd()).as("250 Sparks at $0.001").isEqualByComparingTo("0.25");
        assertThat(correction.getSparks()).isEqualByComparingTo("0");
        assertThat(correction.getUsd()).as("250 Sparks now at $0.002, less the $0.25 counted").isEqualByComparingTo("0.25");
    }

    private RawUsageEvent randomEvent(Random random) {
        String[] metrics = {"ai_tokens", "compute_minutes", "storage_gb_months", "livekit_egress_minutes"};
        String metric = metrics[random.nextInt(metrics.length)];
        RawUsageEvent raw = TestEvents.raw("customer-" + random.nextInt(50), metric,
                BigDecimal.valueOf(random.nextLong(0, 1_000_000_000_000L), 9).toPlainString());
        if (random.nextBoolean()) {
            raw.setProperties(Map.of("model", "gpt-4o", "token_type", random.nextBoolean() ? "input" : "output"));
        }
        if (metric.startsWith("livekit")) {
            raw.setProviderUnitCostUsd(BigDecimal.valueOf(random.nextLong(0, 100_000_000L), 9));
        }
        return raw;
    }

    private Priced price(UsageItem item, String customer, String plan) {
        return Pricer.price(v1, item, customer, plan);
    }

    private static UsageItem item(String metric, String quantity) {
        return new UsageItem(metric, new BigDecimal(quantity), Map.of(), null);
    }

    private BigDecimal sparks(String metric, String quantity) {
        return price(item(metric, quantity), "acme", "free").sparks().amount();
    }
}
