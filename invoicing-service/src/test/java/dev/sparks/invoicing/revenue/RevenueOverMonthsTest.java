package dev.sparks.invoicing.revenue;

import static dev.sparks.invoicing.revenue.Snapshots.annual;
import static dev.sparks.invoicing.revenue.Snapshots.invoice;
import static dev.sparks.invoicing.revenue.Snapshots.monthly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RevenueOverMonthsTest {

    private static final YearMonth FEBRUARY = YearMonth.of(2026, 2);
    private static final YearMonth MARCH = YearMonth.of(2026, 3);
    private static final YearMonth APRIL = YearMonth.of(2026, 4);

    private static final List<SubscriptionSnapshot> HISTORY = List.of(
            monthly("acme", "2026-02-03", "starter", "active", 2900, "subscribe"),
            monthly("acme", "2026-03-15", "pro", "active", 9900, "upgrade"),
            monthly("acme", "2026-04-20", "pro", "canceled", 9900, "cancel_now"),
            annual("brightbot", "2026-01-10", "pro", "trialing", 9900, "start_trial"),
            annual("brightbot", "2026-02-10", "pro", "active", 9900, "trial_converted"),
            annual("brightbot", "2026-03-12", "pro", "paused", 9900, "pause"),
            annual("brightbot", "2026-04-02", "pro", "active", 9900, "resume"),
            monthly("mailpilot", "2026-03-01", "personal", "trialing", 900, "start_trial"),
            monthly("mailpilot", "2026-03-15", "free", "active", 0, "trial_downgraded"),
            monthly("later", "2026-04-03", "pro", "active", 9900, "subscribe"));

    private static final List<InvoiceSummary> INVOICES = List.of(
            invoice("INV-1", "2026-03-01", 2900, "paid"),
            invoice("INV-2", "2026-04-01", 9900, "finalized"),
            invoice("INV-3", "2026-04-01", 500, "void"));

    @Test
    void oneFigurePerMonthInOrderForAChart() {
        List<MonthlyRevenue> months = RevenueMetrics.forMonths(FEBRUARY, APRIL, HISTORY, INVOICES);

        assertThat(months).extracting(MonthlyRevenue::month).containsExactly(FEBRUARY, MARCH, APRIL);
        assertThat(months).extracting(MonthlyRevenue::mrrMinor).containsExactly(2900L + 8415, 9900L, 8415L + 9900);
        assertThat(months).extracting(MonthlyRevenue::pausedCustomers).containsExactly(0, 1, 0);
        assertThat(months).extracting(MonthlyRevenue::churnedMrrMinor).containsExactly(0L, 0L, 9900L);
        assertThat(months).extracting(MonthlyRevenue::newMrrMinor).containsExactly(2900L + 8415, 0L, 8415L + 9900);
        assertThat(months).extracting(MonthlyRevenue::trialsEnded).containsExactly(1, 1, 0);
        assertThat(months).extracting(MonthlyRevenue::invoicedMinor).containsExactly(0L, 2900L, 9900L);
    }

    @Test
    void eachMonthOfTheRangeEqualsTheMonthAskedAlone() {
        List<MonthlyRevenue> months = RevenueMetrics.forMonths(FEBRUARY, APRIL, HISTORY, INVOICES);

        assertThat(months).containsExactly(
                RevenueMetrics.forMonth(FEBRUARY, HISTORY, INVOICES),
                RevenueMetrics.forMonth(MARCH, HISTORY, INVOICES),
                RevenueMetrics.forMonth(APRIL, HISTORY, INVOICES));
    }

    @Test
    void theOrderOfTheInputDoesNotMatter() {
        List<MonthlyRevenue> inOrder = RevenueMetrics.forMonths(FEBRUARY, APRIL, HISTORY, INVOICES);
        Random random = new Random(7);
        for (int attempt = 0; attempt < 20; attempt++) {
            List<SubscriptionSnapshot> history = new ArrayList<>(HISTORY);
            List<InvoiceSummary> invoices = new ArrayList<>(INVOICES);
            Collections.shuffle(history, random);
            Collections.shuffle(invoices, random);

            assertThat(RevenueMetrics.forMonths(FEBRUARY, APRIL, history, invoices)).isEqualTo(inOrder);
        }
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> RevenueMetrics.forMonths(APRIL, MARCH, HISTORY, INVOICES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-04");
    }

    @Test
    void aSingleMonthRangeHasOneFigure() {
        assertThat(RevenueMetrics.forMonths(MARCH, MARCH, HISTORY, INVOICES))
                .containsExactly(RevenueMetrics.forMonth(MARCH, HISTORY, INVOICES));
    }
}
