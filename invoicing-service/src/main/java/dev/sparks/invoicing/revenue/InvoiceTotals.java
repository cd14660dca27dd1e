package dev.sparks.invoicing.revenue;

import java.util.List;

/** What was invoiced in a month (finalized in it, not voided) and how much of that has been paid. */
record InvoiceTotals(long invoicedMinor, long collectedMinor) {

    static InvoiceTotals finalizedIn(UtcMonth month, List<InvoiceSummary> invoices) {
        long invoiced = 0;
        long collected = 0;
        for (InvoiceSummary invoice : invoices) {
            if (!month.contains(invoice.finalizedAt()) || Codes.is(invoice.status(), Codes.VOID)) {
                continue;
            }
            invoiced = Math.addExact(invoiced, invoice.totalMinor());
            if (Codes.is(invoice.status(), Codes.PAID)) {
                collected = Math.addExact(collected, invoice.totalMinor());
            }
        }
        return new InvoiceTotals(invoiced, collected);
    }
}
