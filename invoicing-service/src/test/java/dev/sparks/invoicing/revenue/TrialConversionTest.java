package dev.sparks.invoicing.revenue;

import static dev.sparks.invoicing.revenue.Snapshots.monthly;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialConversionTest {

    private static final YearMonth MARCH = YearMonth.of(2026, 3);

    @Test
    void everyWayATrialEndsCountsAndOnlyPayingOnesConvert() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("converted", "2026-02-20", "pro", "trialing", 9900, "start_trial"),
                monthly("converted", "2026-03-06", "pro", "active", 9900, "trial_converted"),
                monthly("downgraded", "2026-02-25", "pro", "trialing", 9900, "start_trial"),
                monthly("downgraded", "2026-03-11", "free", "active", 0, "trial_downgraded"),
                monthly("expired", "2026-03-01", "pro", "trialing", 9900, "start_trial"),
                monthly("expired", "2026-03-15", "pro", "expired", 9900, "trial_expired"),
                monthly("paused", "2026-03-03", "pro", "trialing", 9900, "start_trial"),
                monthly("paused", "2026-03-17", "pro", "paused", 9900, "trial_paused"),
                monthly("paid-early", "2026-03-02", "starter", "trialing", 2900, "start_trial"),
                monthly("paid-early", "2026-03-09", "pro", "active", 9900, "upgrade"),
                monthly("still-trying", "2026-03-20", "pro", "trialing", 9900, "start_trial"),
                monthly("february", "2026-01-20", "pro", "trialing", 9900, "start_trial"),
                monthly("february", "2026-02-03", "pro", "active", 9900, "trial_converted")), List.of());

        assertThat(march.trialsEnded()).isEqualTo(5);
        assertThat(march.trialsConverted()).isEqualTo(2);
        assertThat(march.trialConversion()).isEqualTo(new BigDecimal("0.4000"));
        assertThat(march.newMrrMinor()).isEqualTo(2 * 9900);
    }

    @Test
    void subscribingDuringATrialIsAConversion() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-03-02", "pro", "trialing", 9900, "start_trial"),
                monthly("acme", "2026-03-09", "pro", "active", 9900, "subscribe")), List.of());

        assertThat(march.trialsEnded()).isEqualTo(1);
        assertThat(march.trialsConverted()).isEqualTo(1);
        assertThat(march.trialConversion()).isEqualTo(new BigDecimal("1.0000"));
    }

    @Test
    void anUpgradeThatKeepsTheTrialGoingEndsNothing() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-03-02", "starter", "trialing", 2900, "start_trial"),
                monthly("acme", "2026-03-09", "pro", "trialing", 9900, "upgrade")), List.of());

        assertThat(march.trialsEnded()).isZero();
        assertThat(march.trialConversion()).isNull();
    }

    @Test
    void anUpgradeByACustomerWhoWasNotTrialingIsNotATrialEnd() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-02-02", "starter", "active", 2900, "subscribe"),
                monthly("acme", "2026-03-09", "pro", "active", 9900, "upgrade")), List.of());

        assertThat(march.trialsEnded()).isZero();
    }

    @Test
    void theConversionRateIsRoundedHalfEvenToFourDecimals() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("a", "2026-03-06", "pro", "active", 9900, "trial_converted"),
                monthly("b", "2026-03-06", "pro", "active", 9900, "trial_converted"),
                monthly("c", "2026-03-06", "free", "active", 0, "trial_downgraded")), List.of());

        assertThat(march.trialConversion()).isEqualTo(new BigDecimal("0.6667"));
        assertThat(march.trialConversion().scale()).isEqualTo(4);
    }

    @Test
    void aTrialEndDeliveredTwiceCountsOnce() {
        SubscriptionSnapshot converted = monthly("acme", "2026-03-06", "pro", "active", 9900, "trial_converted");

        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(
                monthly("acme", "2026-02-20", "pro", "trialing", 9900, "start_trial"), converted, converted), List.of());

        assertThat(march.trialsEnded()).isEqualTo(1);
        assertThat(march.trialsConverted()).isEqualTo(1);
    }
}
