package dev.sparks.invoicing.revenue;

import dev.sparks.invoicing.invoice.Invoices;
import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.subscription.Snapshot;
import dev.sparks.invoicing.subscription.SubscriptionHistory;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Feeds {@link RevenueMetrics} from the subscription history and the invoices invoicing holds. */
@Service
public class RevenueFigures {

    private final SubscriptionHistory history;
    private final Invoices invoices;

    RevenueFigures(SubscriptionHistory history, Invoices invoices) {
        this.history = history;
        this.invoices = invoices;
    }

    @Transactional(readOnly = true)
    public List<MonthlyRevenue> months(YearMonth from, YearMonth to) {
        BillingPeriod last = new BillingPeriod(to);
        List<SubscriptionSnapshot> snapshots = history.all(last.end()).stream().map(RevenueFigures::snapshot).toList();
        List<InvoiceSummary> summaries = invoices.finalizedBetween(new BillingPeriod(from).start(), last.end()).stream()
                .map(s -> new InvoiceSummary(s.customerId(), s.invoiceNumber(), s.periodStart(), s.periodEnd(),
                        s.finalizedAt(), s.totalMinor(), s.status()))
                .toList();
        return RevenueMetrics.forMonths(from, to, snapshots, summaries);
    }

    /** Catalog discounts are whole percents; a fractional one is rounded half-even for these figures. */
    private static SubscriptionSnapshot snapshot(Snapshot s) {
        return new SubscriptionSnapshot(s.customerId(), s.effectiveAt(), s.plan(), s.state(), s.interval(),
                s.monthlyPriceMinor(), s.annualDiscountPercent().setScale(0, RoundingMode.HALF_EVEN).intValueExact(),
                s.transition());
    }
}
