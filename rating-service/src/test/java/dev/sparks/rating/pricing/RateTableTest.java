package dev.sparks.rating.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.platform.testing.TestEvents;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RateTableTest {

    private final RateTable rates = new RateTable(Map.of(
            "ai_tokens", new Price("ai_tokens", "token", "ai_tokens", new BigDecimal("100"), new BigDecimal("1000")),
            "compute_minutes", new Price("compute_minutes", "minute", "compute", new BigDecimal("50"), BigDecimal.ONE),
            "storage_gb_months", new Price("storage_gb_months", "gb_month", "storage", new BigDecimal("500"), BigDecimal.ONE)),
            new BigDecimal("0.001"), "config-v1", "rating-service");

    @Test
    void pricesTheSparksConversionsOfThePlan() {
        assertThat(rate("ai_tokens", "1000").getSparks()).isEqualByComparingTo("100");
        assertThat(rate("compute_minutes", "1").getSparks()).isEqualByComparingTo("50");
        assertThat(rate("storage_gb_months", "1").getSparks()).isEqualByComparingTo("500");
        RatedUsageEvent tokens = rate("ai_tokens", "1234");
        assertThat(tokens.getSparks()).isEqualByComparingTo("123.4");
        assertThat(tokens.getUsd()).isEqualByComparingTo("0.1234");
        assertThat(tokens.getUnitPriceSparks()).isEqualByComparingTo("0.1");
        assertThat(tokens.getCategory()).isEqualTo("ai_tokens");
        assertThat(tokens.getRateCardVersion()).isEqualTo("config-v1");
    }

    @Test
    void unknownMetricIsRejectedForTheDeadLetterTopic() {
        assertThatThrownBy(() -> rate("gpu_hours", "1"))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("gpu_hours");
    }

    @Test
    void ratingIsDeterministicIncludingTheRatedEventId() {
        RawUsageEvent raw = TestEvents.raw("acme", "ai_tokens", "777");

        assertThat(rates.rate(raw)).isEqualTo(rates.rate(raw));
        assertThat(rates.rate(raw).getEventId()).isNotEqualTo(raw.getEventId());
    }

    /** Property: over many random events, the sum of rated Sparks equals rating the total within half a micro-Spark per event. */
    @Test
    void sumOfRatedEventsEqualsRatingTheTotalWithinTheRoundingBound() {
        Random random = new Random(20261121);
        for (int trial = 0; trial < 200; trial++) {
            String metric = random.nextBoolean() ? "ai_tokens" : "compute_minutes";
            int events = 1 + random.nextInt(200);
            BigDecimal sum = BigDecimal.ZERO;
            BigDecimal totalQuantity = BigDecimal.ZERO;
            for (int i = 0; i < events; i++) {
                BigDecimal quantity = BigDecimal.valueOf(random.nextLong(0, 10_000_000_000L), 9);
                totalQuantity = totalQuantity.add(quantity);
                RatedUsageEvent rated = rate(metric, quantity.toPlainString());
                assertThat(rated.getSparks().signum()).isNotNegative();
                sum = sum.add(rated.getSparks());
            }
            BigDecimal ofTotal = rate(metric, totalQuantity.toPlainString()).getSparks();
            BigDecimal bound = new BigDecimal("0.0000005").multiply(BigDecimal.valueOf(events + 1L));
            assertThat(sum.subtract(ofTotal).abs()).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void priceRoundsHalfEvenAtTheSixthDecimal() {
        // 0.000005 tokens x 0.1 = 0.0000005 Sparks: half-even rounds to 0; 0.000015 -> 0.0000015 -> 0.000002
        assertThat(rate("ai_tokens", "0.000005").getSparks()).isEqualByComparingTo("0");
        assertThat(rate("ai_tokens", "0.000015").getSparks()).isEqualByComparingTo("0.000002");
        assertThat(rate("ai_tokens", "0.000015").getSparks().scale()).isEqualTo(6);
        assertThat(new BigDecimal("0.0000015").setScale(6, RoundingMode.HALF_EVEN)).isEqualByComparingTo("0.000002");
    }

    private RatedUsageEvent rate(String metric, String quantity) {
        return rates.rate(TestEvents.raw("acme", metric, quantity));
    }
}
