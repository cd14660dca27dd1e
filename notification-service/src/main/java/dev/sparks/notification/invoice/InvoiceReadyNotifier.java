package dev.sparks.notification.invoice;

import dev.sparks.notification.mail.Mailer;
import dev.sparks.schemas.invoice.InvoiceEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Emails the customer when an invoice is finalized, once per invoice (see {@link Mailer}). */
@Service
public class InvoiceReadyNotifier {

    private final Mailer mailer;

    InvoiceReadyNotifier(Mailer mailer) {
        this.mailer = mailer;
    }

    @Transactional
    public void invoiceFinalized(InvoiceEvent invoice) {
        mailer.send(invoice.getCustomerId(), "invoice:" + invoice.getInvoiceId(),
                name -> new Mailer.Mail(InvoiceMail.subject(invoice), InvoiceMail.body(invoice, name)));
    }
}
