package dev.sparks.invoicing.document;

import dev.sparks.invoicing.account.BillingAccounts;
import dev.sparks.invoicing.invoice.Invoices;
import dev.sparks.invoicing.persistence.jooq.tables.records.BillingAccountRecord;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Turns stored invoices and credit notes into documents to render, with the customer's name and email. */
@Service
public class InvoiceDocuments {

    private final BillingAccounts accounts;

    InvoiceDocuments(BillingAccounts accounts) {
        this.accounts = accounts;
    }

    public InvoiceDocument invoice(Invoices.Invoice invoice) {
        Invoices.Summary summary = invoice.summary();
        Optional<BillingAccountRecord> account = accounts.find(summary.customerId());
        List<InvoiceDocument.Line> lines = invoice.lines().stream()
                .map(line -> new InvoiceDocument.Line(line.section(), line.description(), line.quantity(), line.unit(),
                        line.sparks(), line.amountMinor()))
                .toList();
        List<String> notes = invoice.creditNotes().stream()
                .map(note -> "Credit note " + note.number() + ": " + note.reason() + " ("
                        + DocumentFormat.money(note.amountMinor(), summary.currency()) + ")")
                .toList();
        return new InvoiceDocument(InvoiceDocument.Kind.INVOICE, summary.invoiceNumber(), summary.status(),
                summary.customerId(), account.map(BillingAccountRecord::getDisplayName).orElse(null),
                account.map(BillingAccountRecord::getEmail).orElse(null), summary.periodStart(), summary.periodEnd(),
                summary.finalizedAt(), summary.currency(), lines, summary.totalMinor(), invoice.usageSparks(), null, notes);
    }

    public InvoiceDocument creditNote(Invoices.Invoice invoice, Invoices.CreditNote note) {
        Invoices.Summary summary = invoice.summary();
        Optional<BillingAccountRecord> account = accounts.find(summary.customerId());
        return new InvoiceDocument(InvoiceDocument.Kind.CREDIT_NOTE, note.number(), "issued", summary.customerId(),
                account.map(BillingAccountRecord::getDisplayName).orElse(null),
                account.map(BillingAccountRecord::getEmail).orElse(null), summary.periodStart(), summary.periodEnd(),
                note.issuedAt(), summary.currency(),
                List.of(new InvoiceDocument.Line("Credits", note.reason(), null, null, null, note.amountMinor())),
                note.amountMinor(), null, summary.invoiceNumber(), List.of());
    }
}
