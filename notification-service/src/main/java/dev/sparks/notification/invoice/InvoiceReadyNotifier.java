package dev.sparks.notification.invoice;

import static dev.sparks.notification.persistence.jooq.Tables.SENT_NOTIFICATION;

import dev.sparks.notification.NotificationProperties;
import dev.sparks.notification.contact.Contacts;
import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.notification.NotificationEvent;
import dev.sparks.schemas.notification.NotificationEventType;
import dev.sparks.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emails the customer when an invoice is finalized, once per invoice. The message is recorded and
 * announced in the transaction that sends it; if that transaction fails after SMTP accepted the
 * mail, the redelivery sends it again (at least once, the best SMTP allows).
 */
@Service
public class InvoiceReadyNotifier {

    private final DSLContext db;
    private final Contacts contacts;
    private final JavaMailSender mail;
    private final Outbox outbox;
    private final Clock clock;
    private final String from;
    private final String producer;

    InvoiceReadyNotifier(DSLContext db, Contacts contacts, JavaMailSender mail, Outbox outbox, Clock clock,
            NotificationProperties properties, PlatformProperties platform) {
        this.db = db;
        this.contacts = contacts;
        this.mail = mail;
        this.outbox = outbox;
        this.clock = clock;
        this.from = properties.from();
        this.producer = platform.serviceName();
    }

    @Transactional
    public void invoiceFinalized(InvoiceEvent invoice) {
        String reference = "invoice:" + invoice.getInvoiceId();
        if (db.fetchExists(SENT_NOTIFICATION, SENT_NOTIFICATION.REFERENCE.eq(reference))) {
            return;
        }
        Contacts.Contact contact = contacts.of(invoice.getCustomerId()).orElseThrow(() -> new RecordRejectedException(
                "No email address on file for customer " + invoice.getCustomerId() + "; re-drive once it is set"));
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(contact.email());
        message.setSubject(InvoiceMail.subject(invoice));
        message.setText(InvoiceMail.body(invoice, contact.displayName()));
        UUID notificationId = UUID.nameUUIDFromBytes(reference.getBytes(StandardCharsets.UTF_8));
        db.insertInto(SENT_NOTIFICATION)
                .set(SENT_NOTIFICATION.NOTIFICATION_ID, notificationId)
                .set(SENT_NOTIFICATION.CUSTOMER_ID, invoice.getCustomerId())
                .set(SENT_NOTIFICATION.REFERENCE, reference)
                .set(SENT_NOTIFICATION.CHANNEL, "email")
                .set(SENT_NOTIFICATION.RECIPIENT, contact.email())
                .set(SENT_NOTIFICATION.SUBJECT, message.getSubject())
                .set(SENT_NOTIFICATION.BODY, message.getText())
                .set(SENT_NOTIFICATION.SENT_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
        NotificationEvent sent = NotificationEvent.newBuilder()
                .setEventId(notificationId.toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(invoice.getCustomerId())
                .setProducer(producer)
                .setType(NotificationEventType.SENT)
                .setChannel("email")
                .setRecipient(contact.email())
                .setSubject(message.getSubject())
                .setReference(reference)
                .build();
        outbox.append(Topics.NOTIFICATION_EVENTS, invoice.getCustomerId(), sent.getEventId(), sent);
        mail.send(message);
    }
}
