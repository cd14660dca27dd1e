package dev.sparks.invoicing.invoice;

import dev.sparks.invoicing.period.Period;
import dev.sparks.invoicing.usage.UsageLedger;
import dev.sparks.invoicing.usage.UsageTotal;
import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a customer's month costs, from the one pricing path: the month's invoice itself once it is
 * invoiced, the upcoming invoice while the month is the customer's open period, and otherwise the
 * composer run on the month's usage exactly as a close would run it. So a usage report can never
 * disagree with the invoice; the forecast runs the same composer on the usage projected to the
 * month's end.
 */
@Service
public class MonthBills {

    private final Invoices invoices;
    private final Previews previews;
    private final UsageLedger usage;
    private final InvoiceInputs inputs;

    MonthBills(Invoices invoices, Previews previews, UsageLedger usage, InvoiceInputs inputs) {
        this.invoices = invoices;
        this.previews = previews;
        this.usage = usage;
        this.inputs = inputs;
    }

    /** @param basis what the figures are: the invoice (by number), the upcoming invoice, or a pricing of the month */
    public record Bill(String basis, List<Line> lines, long totalMinor) {}

    @Transactional(readOnly = true)
    public Bill of(String customerId, Period month, Instant now) {
        Optional<Invoices.Summary> invoiced = invoices.ofCustomer(customerId).stream()
                .filter(invoice -> invoice.periodStart().equals(month.start()) && invoice.periodEnd().equals(month.end()))
                .findFirst();
        if (invoiced.isPresent()) {
            Invoices.Invoice invoice = invoices.find(UUID.fromString(invoiced.get().invoiceId())).orElseThrow();
            return new Bill("invoice " + invoice.summary().invoiceNumber(), invoice.lines(), invoice.summary().totalMinor());
        }
        Optional<Previews.Preview> upcoming = previews.upcoming(customerId).filter(preview -> preview.period().equals(month));
        if (upcoming.isPresent()) {
            InvoiceComposer.Draft draft = upcoming.get().draft();
            return new Bill("upcoming invoice", draft.lines(), draft.totalMinor());
        }
        return priced("priced as its invoice would be", customerId, month, until(month, now),
                usage.occurred(customerId, month.start(), month.end()));
    }

    /** The month priced with its usage so far projected to its end at the pace so far (Sparks per elapsed millisecond). */
    @Transactional(readOnly = true)
    public Bill forecast(String customerId, Period month, Instant now) {
        if (!now.isBefore(month.end())) {
            return of(customerId, month, now);
        }
        BigDecimal pace = BigDecimal.valueOf(month.millis())
                .divide(BigDecimal.valueOf(Math.max(1, now.toEpochMilli() - month.start().toEpochMilli())), 12,
                        RoundingMode.HALF_EVEN);
        List<UsageTotal> projected = usage.occurred(customerId, month.start(), month.end()).stream()
                .map(total -> new UsageTotal(total.category(), total.metric(), total.unit(), scaled(total.quantity(), pace, 9),
                        scaled(total.sparks(), pace, Sparks.SCALE), scaled(total.usd(), pace, 9), total.events()))
                .toList();
        return priced("forecast to the month's end", customerId, month, month.end(), projected);
    }

    private Bill priced(String basis, String customerId, Period month, Instant until, List<UsageTotal> monthUsage) {
        InvoiceComposer.Draft draft = InvoiceComposer.compose(inputs.gather(customerId, month, until, monthUsage, List.of()));
        return new Bill(basis, draft.lines(), draft.totalMinor());
    }

    private static Instant until(Period month, Instant now) {
        Instant until = now.isBefore(month.end()) ? now : month.end();
        return until.isAfter(month.start()) ? until : month.start().plusMillis(1);
    }

    private static BigDecimal scaled(BigDecimal value, BigDecimal factor, int scale) {
        return value.multiply(factor).setScale(scale, RoundingMode.HALF_EVEN);
    }
}
