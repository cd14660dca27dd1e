package dev.sparks.notification.mail;

import static dev.sparks.notification.persistence.jooq.Tables.SENT_NOTIFICATION;

import dev.sparks.notification.NotificationProperties;
import dev.sparks.notification.contact.Contacts;
import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.notification.NotificationEvent;
import dev.sparks.schemas.notification.NotificationEventType;
import dev.sparks.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends one email to a customer, once per {@code reference}: the message is recorded in
 * {@code sent_notification} (unique reference) and announced on notification.events.v1 in the
 * caller's transaction, and handed to SMTP just before that transaction commits. So a batch rolled
 * back because another of its records was rejected sends nothing; an SMTP failure rolls the
 * transaction back and the record is retried; only a commit failing after SMTP accepted the mail
 * sends it again on redelivery (at least once, the best SMTP allows).
 */
@Service
public class Mailer {

    /** The subject and text of a message, given the name to greet (the display name, or else the customer id). */
    public record Mail(String subject, String text) {}

    private final DSLContext db;
    private final Contacts contacts;
    private final JavaMailSender smtp;
    private final Outbox outbox;
    private final Clock clock;
    private final String from;
    private final String producer;

    Mailer(DSLContext db, Contacts contacts, JavaMailSender smtp, Outbox outbox, Clock clock,
            NotificationProperties properties, PlatformProperties platform) {
        this.db = db;
        this.contacts = contacts;
        this.smtp = smtp;
        this.outbox = outbox;
        this.clock = clock;
        this.from = properties.from();
        this.producer = platform.serviceName();
    }

    /**
     * @throws RecordRejectedException when the customer has no email address on file: the record is
     *         dead-lettered, to be re-driven once the address is set
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void send(String customerId, String reference, Function<String, Mail> compose) {
        if (db.fetchExists(SENT_NOTIFICATION, SENT_NOTIFICATION.REFERENCE.eq(reference))) {
            return;
        }
        Contacts.Contact contact = contacts.of(customerId).orElseThrow(() -> new RecordRejectedException(
                "No email address on file for customer " + customerId + "; re-drive once it is set"));
        Mail mail = compose.apply(contact.displayName() == null ? customerId : contact.displayName());
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(contact.email());
        message.setSubject(mail.subject());
        message.setText(mail.text());
        UUID notificationId = UUID.nameUUIDFromBytes(reference.getBytes(StandardCharsets.UTF_8));
        db.insertInto(SENT_NOTIFICATION)
                .set(SENT_NOTIFICATION.NOTIFICATION_ID, notificationId)
                .set(SENT_NOTIFICATION.CUSTOMER_ID, customerId)
                .set(SENT_NOTIFICATION.REFERENCE, reference)
                .set(SENT_NOTIFICATION.CHANNEL, "email")
                .set(SENT_NOTIFICATION.RECIPIENT, contact.email())
                .set(SENT_NOTIFICATION.SUBJECT, mail.subject())
                .set(SENT_NOTIFICATION.BODY, mail.text())
                .set(SENT_NOTIFICATION.SENT_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
        NotificationEvent sent = NotificationEvent.newBuilder()
                .setEventId(notificationId.toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(customerId)
                .setProducer(producer)
                .setType(NotificationEventType.SENT)
                .setChannel("email")
                .setRecipient(contact.email())
                .setSubject(mail.subject())
                .setReference(reference)
                .build();
        outbox.append(Topics.NOTIFICATION_EVENTS, customerId, sent.getEventId(), sent);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                smtp.send(message);
            }
        });
    }
}
