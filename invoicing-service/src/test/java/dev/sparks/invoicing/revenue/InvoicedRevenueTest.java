package dev.sparks.invoicing.revenue;

import static dev.sparks.invoicing.revenue.Snapshots.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoicedRevenueTest {

    private static final YearMonth MARCH = YearMonth.of(2026, 3);

    @Test
    void invoicesFinalizedInTheMonthCountUnlessVoidAndOnlyPaidOnesAreCollected() {
        MonthlyRevenue march = RevenueMetrics.forMonth(MARCH, List.of(), List.of(
                invoice("INV-1", "2026-03-01T00:00:00Z", 10_000, "paid"),
                invoice("INV-2", "2026-03-02", 5_000, "finalized"),
                invoice("INV-3", "2026-03-02", 7_000, "void"),
                invoice("INV-4", "2026-03-31T23:59:59Z", 3_000, "uncollectible"),
                invoice("INV-5", "2026-02-28T23:59:59Z", 999, "paid"),
                invoice("INV-6", "2026-04-01T00:00:00Z", 888, "paid"),
                invoice("INV-7", null, 777, "draft")));

        assertThat(march.invoicedMinor()).isEqualTo(10_000 + 5_000 + 3_000);
        assertThat(march.collectedMinor()).isEqualTo(10_000);
    }
}
