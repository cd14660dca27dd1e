package dev.sparks.console.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The calculator prices only what ingest would accept, and names each refused field. */
class CalculatorTest {

    @Test
    void quantitiesAsTypedBecomeItems() {
        Calculator calculator = Calculator.of(Map.of("ai_tokens", "250,000", "compute_minutes", " 60 ", "storage_gb_months", ""));

        assertThat(calculator.ready()).isTrue();
        assertThat(calculator.quantities()).containsEntry("ai_tokens", new BigDecimal("250000"))
                .containsEntry("compute_minutes", new BigDecimal("60")).doesNotContainKey("storage_gb_months");
        assertThat(calculator.items()).extracting(PricingShapes.Item::metric).containsExactly("ai_tokens", "compute_minutes");
    }

    @Test
    void negativeTooPreciseOrNonNumbersAreNamedBack() {
        Calculator calculator = Calculator.of(Map.of("ai_tokens", "-5", "compute_minutes", "1.0000000001",
                "storage_gb_months", "lots"));

        assertThat(calculator.ready()).isFalse();
        assertThat(calculator.errors()).containsOnlyKeys("ai_tokens", "compute_minutes", "storage_gb_months");
        assertThat(calculator.typed()).containsEntry("storage_gb_months", "lots");
    }

    @Test
    void unknownParametersAreIgnoredAndNothingTypedPricesNothing() {
        Calculator calculator = Calculator.of(Map.of("interval", "annual", "livekit_whatever", "5"));

        assertThat(calculator.ready()).isFalse();
        assertThat(calculator.errors()).isEmpty();
    }
}
