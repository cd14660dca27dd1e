package dev.sparks.notification.mail.internal;

import static dev.sparks.notification.persistence.jooq.Tables.CONTACT;
import static dev.sparks.notification.persistence.jooq.Tables.MAIL_QUEUE;
import static dev.sparks.notification.persistence.jooq.Tables.SENT_NOTIFICATION;

import dev.sparks.notification.mail.MailStatus;
import dev.sparks.notification.persistence.jooq.tables.records.MailQueueRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/** The state changes of a queued mail, in the sender's transaction. */
@Component
class MailLedger {

    private final DSLContext db;

    MailLedger(DSLContext db) {
        this.db = db;
    }

    /**
     * The first mail due at {@code now}, locked until the transaction ends. Rows another sender
     * holds are skipped, so any number of instances can send side by side, each mail by one.
     */
    Optional<MailQueueRecord> lockNextDue(Instant now) {
        return db.selectFrom(MAIL_QUEUE)
                .where(MAIL_QUEUE.STATUS.eq(MailStatus.PENDING.column()), MAIL_QUEUE.NEXT_ATTEMPT_AT.le(utc(now)))
                .orderBy(MAIL_QUEUE.NEXT_ATTEMPT_AT, MAIL_QUEUE.ID)
                .limit(1)
                .forUpdate()
                .skipLocked()
                .fetchOptional();
    }

    /** The address was removed after the mail was queued: it waits for a new one. */
    void awaitAddress(MailQueueRecord mail) {
        update(mail, MailStatus.AWAITING_ADDRESS, mail.getAttempts(), null, mail.getLastError());
    }

    void sent(MailQueueRecord mail, SentMail sent) {
        db.insertInto(SENT_NOTIFICATION)
                .set(SENT_NOTIFICATION.NOTIFICATION_ID, sent.notificationId())
                .set(SENT_NOTIFICATION.CUSTOMER_ID, mail.getCustomerId())
                .set(SENT_NOTIFICATION.REFERENCE, mail.getReference())
                .set(SENT_NOTIFICATION.CHANNEL, SentMail.CHANNEL)
                .set(SENT_NOTIFICATION.RECIPIENT, sent.recipient())
                .set(SENT_NOTIFICATION.SUBJECT, mail.getSubject())
                .set(SENT_NOTIFICATION.BODY, sent.body())
                .set(SENT_NOTIFICATION.SENT_AT, utc(sent.sentAt()))
                .execute();
        update(mail, MailStatus.SENT, mail.getAttempts() + 1, null, null);
    }

    void retryAt(MailQueueRecord mail, Instant next, String reason) {
        update(mail, MailStatus.PENDING, mail.getAttempts() + 1, utc(next), reason);
    }

    void failed(MailQueueRecord mail, String reason) {
        update(mail, MailStatus.FAILED, mail.getAttempts() + 1, null, reason);
    }

    /**
     * Makes due the waiting mails whose customer has an address on file now. The contacts stage
     * releases them as the address arrives, but a mail queued concurrently (a notice read while the
     * address was being stored, each transaction blind to the other's) is only caught here.
     */
    int releaseAddressed(Instant now) {
        return db.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.STATUS, MailStatus.PENDING.column())
                .set(MAIL_QUEUE.NEXT_ATTEMPT_AT, utc(now))
                .where(MAIL_QUEUE.STATUS.eq(MailStatus.AWAITING_ADDRESS.column()), DSL.exists(DSL.selectOne().from(CONTACT)
                        .where(CONTACT.CUSTOMER_ID.eq(MAIL_QUEUE.CUSTOMER_ID), CONTACT.EMAIL.isNotNull())))
                .execute();
    }

    /** Drops the mails that waited for an address since before {@code cutoff}; returns how many. */
    int dropAwaitingSince(Instant cutoff, String reason) {
        return db.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.STATUS, MailStatus.DROPPED.column())
                .set(MAIL_QUEUE.LAST_ERROR, reason)
                .where(MAIL_QUEUE.STATUS.eq(MailStatus.AWAITING_ADDRESS.column()), MAIL_QUEUE.QUEUED_AT.lt(utc(cutoff)))
                .execute();
    }

    private void update(MailQueueRecord mail, MailStatus status, int attempts, OffsetDateTime next, String error) {
        db.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.STATUS, status.column())
                .set(MAIL_QUEUE.ATTEMPTS, attempts)
                .set(MAIL_QUEUE.NEXT_ATTEMPT_AT, next)
                .set(MAIL_QUEUE.LAST_ERROR, error)
                .where(MAIL_QUEUE.ID.eq(mail.getId()))
                .execute();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
