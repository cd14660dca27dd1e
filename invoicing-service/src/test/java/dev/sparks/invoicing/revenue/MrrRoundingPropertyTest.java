package dev.sparks.invoicing.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the history, MRR is the half-even rounding of the exact sum over the paying
 * customers, ARR that of twelve times the exact sum, and ARPU that of the exact sum per customer. The
 * expected figures come from a plain scan written independently of the production code.
 */
class MrrRoundingPropertyTest {

    private static final YearMonth MARCH = YearMonth.of(2026, 3);
    private static final Instant END_OF_MARCH = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-06-01T00:00:00Z");

    private static final String[] STATES = {"trialing", "active", "past_due", "paused", "canceled", "expired"};
    private static final Set<String> PAYING_STATES = Set.of("active", "past_due");
    // Odd prices and discounts make exact amounts with fractions of a cent common.
    private static final long[] PRICES = {0, 900, 999, 1010, 2900, 2950, 4999, 9900, 19_900};
    private static final int[] DISCOUNTS = {0, 10, 15, 17, 20, 25, 33};

    @Test
    void mrrArrAndArpuAreTheExactSumRoundedOnce() {
        Random random = new Random(20_260_301);
        int casesWithFractionalCents = 0;
        for (int trial = 0; trial < 500; trial++) {
            List<SubscriptionSnapshot> history = randomHistory(random);

            MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, history, List.of());

            BigDecimal exact = BigDecimal.ZERO;
            int paying = 0;
            for (SubscriptionSnapshot last : lastSnapshotPerCustomerBefore(history, END_OF_MARCH)) {
                if (PAYING_STATES.contains(last.state()) && last.monthlyPriceMinor() > 0) {
                    exact = exact.add(expectedMonthlyAmount(last));
                    paying++;
                }
            }
            if (exact.stripTrailingZeros().scale() > 0) {
                casesWithFractionalCents++;
            }
            assertThat(march.mrrMinor()).as("trial %d", trial)
                    .isEqualTo(exact.setScale(0, RoundingMode.HALF_EVEN).longValueExact());
            assertThat(march.arrMinor()).as("trial %d", trial)
                    .isEqualTo(exact.multiply(BigDecimal.valueOf(12)).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
            assertThat(march.payingCustomers()).as("trial %d", trial).isEqualTo(paying);
            assertThat(march.arpuMinor()).as("trial %d", trial).isEqualTo(paying == 0 ? 0
                    : exact.divide(BigDecimal.valueOf(paying), 0, RoundingMode.HALF_EVEN).longValueExact());
        }
        // Guards the property itself: it says nothing unless many cases have to round.
        assertThat(casesWithFractionalCents).isGreaterThan(100);
    }

    private static List<SubscriptionSnapshot> randomHistory(Random random) {
        List<SubscriptionSnapshot> history = new ArrayList<>();
        int customers = random.nextInt(25);
        for (int customer = 0; customer < customers; customer++) {
            int snapshots = 1 + random.nextInt(5);
            for (int i = 0; i < snapshots; i++) {
                Instant at = Instant.ofEpochMilli(random.nextLong(FROM.toEpochMilli(), TO.toEpochMilli()));
                history.add(new SubscriptionSnapshot("customer-" + customer, at, "plan",
                        STATES[random.nextInt(STATES.length)], random.nextBoolean() ? "annual" : "monthly",
                        PRICES[random.nextInt(PRICES.length)], DISCOUNTS[random.nextInt(DISCOUNTS.length)], null));
            }
        }
        Collections.shuffle(history, random);
        return history;
    }

    private static List<SubscriptionSnapshot> lastSnapshotPerCustomerBefore(List<SubscriptionSnapshot> history,
            Instant end) {
        return history.stream()
                .filter(snapshot -> snapshot.at().isBefore(end))
                .collect(Collectors.toMap(SubscriptionSnapshot::customerId, snapshot -> snapshot,
                        (a, b) -> a.at().isAfter(b.at()) ? a : b))
                .values().stream()
                .toList();
    }

    private static BigDecimal expectedMonthlyAmount(SubscriptionSnapshot snapshot) {
        BigDecimal price = BigDecimal.valueOf(snapshot.monthlyPriceMinor());
        if (!snapshot.interval().equals("annual")) {
            return price;
        }
        return price.multiply(BigDecimal.valueOf(100 - snapshot.annualDiscountPercent()))
                .divide(BigDecimal.valueOf(100));
    }
}
