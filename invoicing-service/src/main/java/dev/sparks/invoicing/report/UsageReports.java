package dev.sparks.invoicing.report;

import dev.sparks.invoicing.InvoicingProperties;
import dev.sparks.invoicing.invoice.Charge;
import dev.sparks.invoicing.invoice.Charges;
import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.usage.UsageLedger;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.stereotype.Service;

/** A customer's usage in a month, priced exactly as its invoice will be. */
@Service
public class UsageReports {

    private final UsageLedger ledger;
    private final Charges charges;

    UsageReports(UsageLedger ledger, InvoicingProperties properties) {
        this.ledger = ledger;
        this.charges = new Charges(properties.usdPerSpark());
    }

    public record Line(String category, String metric, String unit, BigDecimal quantity, BigDecimal sparks, BigDecimal usd,
            long events) {}

    public record Report(String customerId, String month, List<Line> categories, BigDecimal totalSparks, BigDecimal totalUsd) {}

    public Report report(String customerId, BillingPeriod period) {
        Charges.Priced priced = charges.price(ledger.totals(customerId, period));
        List<Line> lines = priced.lines().stream().map(UsageReports::line).toList();
        return new Report(customerId, period.toString(), lines, priced.totalSparks().amount(), priced.total().toDecimal());
    }

    private static Line line(Charge charge) {
        return new Line(charge.category(), charge.metric(), charge.unit(), charge.quantity(), charge.sparks(),
                charge.amount().toDecimal(), charge.events());
    }
}
