package dev.sparks.invoicing.web;

import dev.sparks.invoicing.invoice.InvoiceComposer;
import dev.sparks.invoicing.invoice.Invoices;
import dev.sparks.invoicing.invoice.Line;
import dev.sparks.invoicing.invoice.Previews;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of invoices: amounts in minor units and, for people, in dollars. */
final class InvoiceViews {

    private InvoiceViews() {}

    record Summary(String invoiceId, String invoiceNumber, String customerId, String period, Instant periodStart,
            Instant periodEnd, String status, String currency, long totalMinor, BigDecimal total, long creditedMinor,
            long refundedMinor, Instant finalizedAt) {}

    record LineView(String section, String description, String metric, BigDecimal quantity, String unit,
            BigDecimal sparks, long amountMinor, BigDecimal amount) {}

    record Detail(Summary invoice, BigDecimal usageSparks, List<LineView> lines, List<Invoices.CreditNote> creditNotes) {}

    record Upcoming(String customerId, String period, Instant periodStart, Instant periodEnd, Instant asOf, String status,
            List<LineView> lines, long totalMinor, BigDecimal total, BigDecimal usageSparks, BigDecimal includedSparks,
            BigDecimal overageSparks, List<String> notes) {}

    static Summary summary(Invoices.Summary s) {
        return new Summary(s.invoiceId(), s.invoiceNumber(), s.customerId(), s.period(), s.periodStart(), s.periodEnd(),
                s.status(), s.currency(), s.totalMinor(), dollars(s.totalMinor()), s.creditedMinor(), s.refundedMinor(),
                s.finalizedAt());
    }

    static Detail detail(Invoices.Invoice invoice) {
        return new Detail(summary(invoice.summary()), invoice.usageSparks(), lines(invoice.lines()), invoice.creditNotes());
    }

    static Upcoming upcoming(Previews.Preview preview) {
        InvoiceComposer.Draft draft = preview.draft();
        return new Upcoming(preview.customerId(), preview.period().label(), preview.period().start(), preview.period().end(),
                preview.asOf(), preview.status(), lines(draft.lines()), draft.totalMinor(), dollars(draft.totalMinor()),
                draft.usageSparks(), draft.includedSparks(), draft.overageSparks(), draft.notes());
    }

    static List<LineView> lines(List<Line> lines) {
        return lines.stream().map(line -> new LineView(line.section(), line.description(), line.metric(), line.quantity(),
                line.unit(), line.sparks(), line.amountMinor(), dollars(line.amountMinor()))).toList();
    }

    static BigDecimal dollars(long minor) {
        return BigDecimal.valueOf(minor, 2);
    }
}
