package dev.sparks.notification.invoice;

import dev.sparks.platform.money.Money;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.invoice.InvoiceLine;
import java.math.BigDecimal;

/** The text of the "your invoice is ready" message. */
final class InvoiceMail {

    private InvoiceMail() {}

    static String subject(InvoiceEvent invoice) {
        return "Your Sparks invoice " + invoice.getInvoiceNumber() + " for " + invoice.getPeriod() + " is ready";
    }

    static String body(InvoiceEvent invoice, String displayName) {
        StringBuilder text = new StringBuilder()
                .append("Hello ").append(displayName == null ? invoice.getCustomerId() : displayName).append(",\n\n")
                .append("your invoice ").append(invoice.getInvoiceNumber())
                .append(" for ").append(invoice.getPeriod()).append(" is ready.\n\n");
        for (InvoiceLine line : invoice.getLines()) {
            text.append("  ").append(line.getDescription()).append(": ");
            if (line.getSparks().signum() != 0) {
                text.append(plain(line.getSparks())).append(" Sparks, ");
            }
            text.append(new Money(invoice.getCurrency(), line.getAmountMinor())).append('\n');
        }
        return text.append("\nTotal: ").append(new Money(invoice.getCurrency(), invoice.getTotalMinor()))
                .append(" (").append(plain(invoice.getTotalSparks())).append(" Sparks of usage)")
                .append("\n\nThank you for using Sparks.\n")
                .toString();
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
