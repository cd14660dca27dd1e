package dev.sparks.invoicing.revenue;

import static dev.sparks.invoicing.revenue.Snapshots.annual;
import static dev.sparks.invoicing.revenue.Snapshots.monthly;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class MrrTest {

    private static final YearMonth MARCH = YearMonth.of(2026, 3);

    @Test
    void anAnnualPlanCountsItsDiscountedPriceAndAMonthlyOneItsListPrice() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("monthly-pro", "2026-01-10", "pro", "active", 9900, "subscribe"),
                annual("annual-pro", "2026-01-12", "pro", "active", 9900, "subscribe")), List.of());

        assertThat(march.mrrMinor()).isEqualTo(9900 + 8415);
        assertThat(march.arrMinor()).isEqualTo(12 * 18315);
        assertThat(march.payingCustomers()).isEqualTo(2);
        // 18315 / 2 = 9157.5, half-even to 9158
        assertThat(march.arpuMinor()).isEqualTo(9158);
    }

    @Test
    void halfCentsAreRoundedOnceOnTheSumNotPerCustomer() {
        // 1010 × 85% = 858.50 each: per customer that is 858 (half-even) or 859 (half-up).
        List<SubscriptionSnapshot> history = List.of(
                annual("a", "2026-01-01", "custom", "active", 1010, "subscribe"),
                annual("b", "2026-01-02", "custom", "active", 1010, "subscribe"),
                annual("c", "2026-01-03", "custom", "active", 1010, "subscribe"));

        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, history, List.of());

        // exact 2575.50 → 2576; ARR from the exact sum: 12 × 2575.50 = 30906 (not 12 × 2576 = 30912)
        assertThat(march.mrrMinor()).isEqualTo(2576);
        assertThat(march.arrMinor()).isEqualTo(30906);
        // 2575.50 / 3 = 858.50 → 858
        assertThat(march.arpuMinor()).isEqualTo(858);
    }

    @Test
    void anUpgradeDuringTheMonthCountsTheNewPlanAtTheEndAndIsNotNewRevenue() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-02-03", "starter", "active", 2900, "subscribe"),
                monthly("acme", "2026-03-15", "pro", "active", 9900, "upgrade")), List.of());

        assertThat(march.mrrMinor()).isEqualTo(9900);
        assertThat(march.newMrrMinor()).isZero();
        assertThat(march.churnedCustomers()).isZero();
    }

    @Test
    void pastDueIsStillPayingButFreeAndTrialingAreNot() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("late", "2026-02-03", "pro", "active", 9900, "subscribe"),
                monthly("late", "2026-03-04", "pro", "past_due", 9900, "payment_failed"),
                monthly("free", "2026-02-03", "free", "active", 0, null),
                monthly("trying", "2026-03-10", "pro", "trialing", 9900, "start_trial")), List.of());

        assertThat(march.mrrMinor()).isEqualTo(9900);
        assertThat(march.payingCustomers()).isEqualTo(1);
    }

    @Test
    void theMonthEndsJustBeforeMidnightUtcOnTheFirst() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("stays", "2026-02-03", "pro", "active", 9900, "subscribe"),
                monthly("stays", "2026-04-01T00:00:00Z", "pro", "canceled", 9900, "cancel_now"),
                monthly("leaves", "2026-02-03", "starter", "active", 2900, "subscribe"),
                monthly("leaves", "2026-03-31T23:59:59.999Z", "starter", "canceled", 2900, "cancel_now")), List.of());

        assertThat(march.mrrMinor()).isEqualTo(9900);
        assertThat(march.churnedMrrMinor()).isEqualTo(2900);
    }

    @Test
    void aSnapshotAtMidnightOnTheFirstBelongsToTheMonthItOpens() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("new", "2026-03-01T00:00:00Z", "pro", "active", 9900, "subscribe")), List.of());

        assertThat(march.newMrrMinor()).isEqualTo(9900);
    }

    @Test
    void newMrrIsTheEndOfMonthAmountOfCustomersWhoWereNotPayingAtTheStart() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("fresh", "2026-03-05", "pro", "active", 9900, "subscribe"),
                monthly("back", "2026-01-05", "starter", "active", 2900, "subscribe"),
                monthly("back", "2026-02-05", "starter", "canceled", 2900, "cancel_now"),
                annual("back", "2026-03-20", "pro", "active", 9900, "subscribe"),
                monthly("resumed", "2026-01-05", "starter", "active", 2900, "subscribe"),
                monthly("resumed", "2026-02-05", "starter", "paused", 2900, "pause"),
                monthly("resumed", "2026-03-07", "starter", "active", 2900, "resume"),
                monthly("old", "2026-01-05", "personal", "active", 900, "subscribe")), List.of());

        assertThat(march.newMrrMinor()).isEqualTo(9900 + 8415 + 2900);
        assertThat(march.mrrMinor()).isEqualTo(9900 + 8415 + 2900 + 900);
    }

    @Test
    void aCustomerWhoseFirstSnapshotIsAfterTheMonthIsIgnored() {
        List<SubscriptionSnapshot> history = List.of(
                monthly("later", "2026-04-03", "pro", "active", 9900, "subscribe"));

        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, history, List.of());

        assertThat(march).isEqualTo(new MonthlyRevenue(MARCH, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0));
    }

    @Test
    void noInputGivesZerosAndNoConversionRate() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(), List.of());

        assertThat(march).isEqualTo(new MonthlyRevenue(MARCH, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0));
    }
}
