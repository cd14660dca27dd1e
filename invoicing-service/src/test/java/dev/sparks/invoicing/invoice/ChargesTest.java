package dev.sparks.invoicing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.usage.UsageTotal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChargesTest {

    private final Charges charges = new Charges(new BigDecimal("0.001"));

    /** Property: whatever the usage, the lines add up exactly to the total, in Sparks and in cents. */
    @Test
    void linesAlwaysAddUpToTheTotal() {
        Random random = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            List<UsageTotal> totals = new ArrayList<>();
            int metrics = random.nextInt(6);
            for (int i = 0; i < metrics; i++) {
                totals.add(new UsageTotal("c" + i, "m" + i, "unit", BigDecimal.ONE,
                        BigDecimal.valueOf(random.nextLong(0, 100_000_000_000L), 6), 1));
            }

            Charges.Priced priced = charges.price(totals);

            long cents = priced.lines().stream().mapToLong(line -> line.amount().minorUnits()).sum();
            BigDecimal sparks = priced.lines().stream().map(Charge::sparks).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(priced.total().minorUnits()).isEqualTo(cents);
            assertThat(priced.totalSparks().amount()).isEqualByComparingTo(sparks);
        }
    }

    @Test
    void eachLineIsRoundedHalfEvenToTheCentOnce() {
        Charges.Priced priced = charges.price(List.of(
                new UsageTotal("ai_tokens", "ai_tokens", "token", new BigDecimal("95250"), new BigDecimal("9525"), 3),
                new UsageTotal("compute", "compute_minutes", "minute", new BigDecimal("12"), new BigDecimal("600"), 2)));

        assertThat(priced.lines()).extracting(line -> line.amount().minorUnits()).containsExactly(952L, 60L);
        assertThat(priced.total().minorUnits()).isEqualTo(1012);
        assertThat(priced.lines()).extracting(Charge::events).containsExactly(3L, 2L);
    }

    @Test
    void noUsageIsAnEmptyZeroInvoice() {
        Charges.Priced priced = charges.price(List.of());

        assertThat(priced.lines()).isEmpty();
        assertThat(priced.total().minorUnits()).isZero();
    }
}
