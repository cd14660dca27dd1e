package dev.sparks.notification.invoice;

import dev.sparks.notification.mail.MailQueue;
import dev.sparks.platform.messaging.ConsumedRecord;
import dev.sparks.schemas.invoice.InvoiceEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Queues the "your invoice is ready" mail when an invoice is finalized, once per invoice (see {@link MailQueue}). */
@Service
public class InvoiceReadyNotifier {

    private final MailQueue mails;

    InvoiceReadyNotifier(MailQueue mails) {
        this.mails = mails;
    }

    @Transactional
    public void invoiceFinalized(ConsumedRecord<InvoiceEvent> record) {
        InvoiceEvent invoice = record.value();
        mails.enqueue(invoice.getCustomerId(), "invoice:" + invoice.getInvoiceId(),
                MailQueue.Origin.of(record, invoice.getEventId()), InvoiceMail.of(invoice));
    }
}
