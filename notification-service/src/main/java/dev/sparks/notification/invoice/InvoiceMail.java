package dev.sparks.notification.invoice;

import static dev.sparks.notification.mail.MailText.money;
import static dev.sparks.notification.mail.MailText.quantity;

import dev.sparks.notification.mail.Mail;
import dev.sparks.notification.mail.MailText;
import dev.sparks.platform.money.Money;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.invoice.InvoiceLine;

/** The text of the "your invoice is ready" message (the sender adds the greeting). */
final class InvoiceMail {

    private InvoiceMail() {}

    static Mail of(InvoiceEvent invoice) {
        String period = period(invoice);
        StringBuilder text = new StringBuilder()
                .append("your invoice ").append(invoice.getInvoiceNumber())
                .append(" for ").append(period).append(" is ready.\n\n");
        for (InvoiceLine line : invoice.getLines()) {
            text.append("  ").append(line.getDescription()).append(": ");
            if (line.getSparks().signum() != 0) {
                text.append(quantity(line.getSparks())).append(" Sparks, ");
            }
            text.append(money(new Money(invoice.getCurrency(), line.getAmountMinor()))).append('\n');
        }
        text.append("\nTotal: ").append(money(new Money(invoice.getCurrency(), invoice.getTotalMinor())))
                .append(" (").append(quantity(invoice.getTotalSparks())).append(" Sparks of usage)")
                .append("\n\nThank you for using Sparks.\n");
        return new Mail("Your Sparks invoice " + invoice.getInvoiceNumber() + " for " + period + " is ready", text.toString());
    }

    /** The days invoiced ("1–30 November 2026") when the event carries them (v2), else its period name ("2026-11"). */
    private static String period(InvoiceEvent invoice) {
        if (invoice.getPeriodStart() == null || invoice.getPeriodEnd() == null) {
            return invoice.getPeriod();
        }
        return MailText.days(invoice.getPeriodStart(), invoice.getPeriodEnd());
    }
}
