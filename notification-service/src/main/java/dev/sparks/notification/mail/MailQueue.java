package dev.sparks.notification.mail;

import static dev.sparks.notification.persistence.jooq.Tables.MAIL_QUEUE;

import dev.sparks.notification.contact.Contacts;
import dev.sparks.platform.messaging.ConsumedRecord;
import java.time.Clock;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues a customer's mail, once per {@code reference}, in the consuming stage's transaction. No
 * SMTP here: a batch that rolls back queues nothing, and a mail that cannot be sent cannot roll
 * back its batch. {@code mail.internal.QueuedMailSender} sends what is due.
 */
@Service
public class MailQueue {

    /** The record a mail was queued for, named in its dead letter should it be refused. */
    public record Origin(String topic, int partition, long offset, String eventId) {

        public static Origin of(ConsumedRecord<?> record, String eventId) {
            return new Origin(record.topic(), record.partition(), record.offset(), eventId);
        }
    }

    private final DSLContext db;
    private final Contacts contacts;
    private final Clock clock;

    MailQueue(DSLContext db, Contacts contacts, Clock clock) {
        this.db = db;
        this.contacts = contacts;
        this.clock = clock;
    }

    /**
     * Queues the mail, due now, or awaiting an address when the customer has none on file (not a
     * dead letter: the address usually follows). A reference queued before is left as it is.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String customerId, String reference, Origin origin, Mail mail) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        boolean reachable = contacts.of(customerId).isPresent();
        db.insertInto(MAIL_QUEUE)
                .set(MAIL_QUEUE.REFERENCE, reference)
                .set(MAIL_QUEUE.CUSTOMER_ID, customerId)
                .set(MAIL_QUEUE.SUBJECT, mail.subject())
                .set(MAIL_QUEUE.CONTENT, mail.content())
                .set(MAIL_QUEUE.STATUS, (reachable ? MailStatus.PENDING : MailStatus.AWAITING_ADDRESS).column())
                .set(MAIL_QUEUE.NEXT_ATTEMPT_AT, reachable ? now : null)
                .set(MAIL_QUEUE.QUEUED_AT, now)
                .set(MAIL_QUEUE.SOURCE_TOPIC, origin.topic())
                .set(MAIL_QUEUE.SOURCE_PARTITION, origin.partition())
                .set(MAIL_QUEUE.SOURCE_OFFSET, origin.offset())
                .set(MAIL_QUEUE.SOURCE_EVENT_ID, origin.eventId())
                .onConflict(MAIL_QUEUE.REFERENCE)
                .doNothing()
                .execute();
    }

    /** Releases the customer's mails that waited for an address, if one is on file now. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int addressChanged(String customerId) {
        if (contacts.of(customerId).isEmpty()) {
            return 0;
        }
        return db.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.STATUS, MailStatus.PENDING.column())
                .set(MAIL_QUEUE.NEXT_ATTEMPT_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(MAIL_QUEUE.CUSTOMER_ID.eq(customerId), MAIL_QUEUE.STATUS.eq(MailStatus.AWAITING_ADDRESS.column()))
                .execute();
    }
}
