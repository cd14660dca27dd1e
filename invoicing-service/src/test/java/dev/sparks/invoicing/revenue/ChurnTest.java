package dev.sparks.invoicing.revenue;

import static dev.sparks.invoicing.revenue.Snapshots.annual;
import static dev.sparks.invoicing.revenue.Snapshots.monthly;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChurnTest {

    private static final YearMonth MARCH = YearMonth.of(2026, 3);

    @Test
    void aCancellationChurnsTheAmountPaidAtTheStartOfTheMonth() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                annual("acme", "2026-01-10", "pro", "active", 9900, "subscribe"),
                annual("acme", "2026-03-10", "pro", "canceled", 9900, "cancel_now")), List.of());

        assertThat(march.churnedCustomers()).isEqualTo(1);
        assertThat(march.churnedMrrMinor()).isEqualTo(8415);
        assertThat(march.mrrMinor()).isZero();
    }

    @Test
    void anUpgradeBeforeCancellingDoesNotChangeTheChurnedAmount() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-02-10", "starter", "active", 2900, "subscribe"),
                monthly("acme", "2026-03-05", "pro", "active", 9900, "upgrade"),
                monthly("acme", "2026-03-20", "pro", "canceled", 9900, "period_end_canceled")), List.of());

        assertThat(march.churnedMrrMinor()).isEqualTo(2900);
    }

    @Test
    void anExpiredSubscriptionIsChurn() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-02-10", "pro", "past_due", 9900, "payment_failed"),
                monthly("acme", "2026-03-12", "pro", "expired", 9900, "expired")), List.of());

        assertThat(march.churnedCustomers()).isEqualTo(1);
        assertThat(march.churnedMrrMinor()).isEqualTo(9900);
    }

    @Test
    void aPausedCustomerIsCountedApartNotAsChurn() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-02-10", "pro", "active", 9900, "subscribe"),
                monthly("acme", "2026-03-12", "pro", "paused", 9900, "pause")), List.of());

        assertThat(march.churnedCustomers()).isZero();
        assertThat(march.churnedMrrMinor()).isZero();
        assertThat(march.pausedCustomers()).isEqualTo(1);
        assertThat(march.mrrMinor()).isZero();
    }

    @Test
    void aDowngradeToTheFreePlanIsChurn() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-02-10", "pro", "active", 9900, "subscribe"),
                monthly("acme", "2026-03-08", "free", "active", 0, "downgrade_now")), List.of());

        assertThat(march.churnedCustomers()).isEqualTo(1);
        assertThat(march.churnedMrrMinor()).isEqualTo(9900);
    }

    @Test
    void aDowngradeToAnotherPaidPlanIsNotChurn() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-02-10", "pro", "active", 9900, "subscribe"),
                monthly("acme", "2026-03-08", "starter", "active", 2900, "downgrade_now")), List.of());

        assertThat(march.churnedCustomers()).isZero();
        assertThat(march.mrrMinor()).isEqualTo(2900);
    }

    @Test
    void aCustomerWhoCancelsAndComesBackWithinTheMonthIsNotChurned() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-02-10", "pro", "active", 9900, "subscribe"),
                monthly("acme", "2026-03-08", "pro", "canceled", 9900, "cancel_now"),
                monthly("acme", "2026-03-18", "pro", "active", 9900, "subscribe")), List.of());

        assertThat(march.churnedCustomers()).isZero();
        assertThat(march.newMrrMinor()).isZero();
        assertThat(march.mrrMinor()).isEqualTo(9900);
    }

    @Test
    void aCustomerWhoWasNotPayingAtTheStartCannotChurn() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-03-02", "pro", "active", 9900, "subscribe"),
                monthly("acme", "2026-03-20", "pro", "canceled", 9900, "cancel_now")), List.of());

        assertThat(march.churnedCustomers()).isZero();
        assertThat(march.newMrrMinor()).isZero();
    }

    @Test
    void churnedHalfCentsAreRoundedOnceOnTheSum() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                annual("a", "2026-02-01", "custom", "active", 1010, "subscribe"),
                annual("a", "2026-03-05", "custom", "canceled", 1010, "cancel_now"),
                annual("b", "2026-02-01", "custom", "active", 1010, "subscribe"),
                annual("b", "2026-03-06", "custom", "canceled", 1010, "cancel_now"),
                annual("c", "2026-02-01", "custom", "active", 1010, "subscribe"),
                annual("c", "2026-03-07", "custom", "canceled", 1010, "cancel_now")), List.of());

        assertThat(march.churnedMrrMinor()).isEqualTo(2576);
    }
}
