package dev.sparks.notification.mail.internal;

import dev.sparks.notification.NotificationProperties;
import dev.sparks.notification.NotificationProperties.Delivery;
import dev.sparks.notification.contact.Contacts;
import dev.sparks.notification.persistence.jooq.tables.records.MailQueueRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands due mails to SMTP one at a time, each in a transaction of its own that also records the
 * outcome: sent (and announced), retried later with backoff, or refused for good (dead-lettered).
 * So one mail failing never rolls back, or resends, another. The row stays locked while SMTP
 * talks (bounded by the mail.smtp timeouts); should the commit fail after SMTP accepted the mail,
 * it is sent again on the next run: at least once, the best SMTP allows.
 */
@Component
class QueuedMailSender {

    private static final Logger log = LoggerFactory.getLogger(QueuedMailSender.class);

    private final TransactionTemplate transactions;
    private final MailLedger ledger;
    private final MailAnnouncements announcements;
    private final DeliveryMetrics metrics;
    private final Contacts contacts;
    private final JavaMailSender smtp;
    private final Clock clock;
    private final NotificationProperties properties;
    private final Backoff backoff;
    private final RandomGenerator jitter = RandomGenerator.getDefault();

    QueuedMailSender(TransactionTemplate transactions, MailLedger ledger, MailAnnouncements announcements,
            DeliveryMetrics metrics, Contacts contacts, JavaMailSender smtp, Clock clock, NotificationProperties properties) {
        this.transactions = transactions;
        this.ledger = ledger;
        this.announcements = announcements;
        this.metrics = metrics;
        this.contacts = contacts;
        this.smtp = smtp;
        this.clock = clock;
        this.properties = properties;
        this.backoff = new Backoff(properties.delivery().firstRetryAfter(), properties.delivery().maxRetryDelay());
    }

    /**
     * One run: releases waiting mails whose address is on file, sends what is due (at most
     * mailsPerRun, and no more once the task is stopped), then drops the mails that waited too long
     * for an address.
     */
    void run() {
        Delivery delivery = properties.delivery();
        transactions.executeWithoutResult(status -> ledger.releaseAddressed(clock.instant()));
        int handled = 0;
        while (handled < delivery.mailsPerRun() && !Thread.currentThread().isInterrupted()
                && Boolean.TRUE.equals(transactions.execute(status -> sendNextDue()))) {
            handled++;
        }
        Instant cutoff = clock.instant().minus(delivery.awaitAddressFor());
        Integer dropped = transactions.execute(status -> ledger.dropAwaitingSince(cutoff,
                "No email address on file within " + delivery.awaitAddressFor()));
        if (dropped != null && dropped > 0) {
            log.info("Dropped {} mails whose customers had no email address on file for {}", dropped,
                    delivery.awaitAddressFor());
            metrics.droppedForNoAddress(dropped);
        }
    }

    /** False when nothing is due. */
    private boolean sendNextDue() {
        Optional<MailQueueRecord> due = ledger.lockNextDue(clock.instant());
        if (due.isEmpty()) {
            return false;
        }
        MailQueueRecord mail = due.get();
        Optional<Contacts.Contact> contact = contacts.of(mail.getCustomerId());
        if (contact.isEmpty()) {
            ledger.awaitAddress(mail);
            return true;
        }
        String name = contact.get().displayName() == null ? mail.getCustomerId() : contact.get().displayName();
        String body = "Hello " + name + ",\n\n" + mail.getContent();
        try {
            smtp.send(message(contact.get().email(), mail.getSubject(), body));
        } catch (MailException e) {
            failed(mail, SmtpFailure.of(e));
            return true;
        }
        SentMail sent = new SentMail(SentMail.idOf(mail.getReference()), contact.get().email(), body, clock.instant());
        ledger.sent(mail, sent);
        announcements.sent(mail, sent);
        metrics.sent();
        return true;
    }

    private void failed(MailQueueRecord mail, SmtpFailure failure) {
        metrics.failed(failure);
        int attempt = mail.getAttempts() + 1;
        if (failure.permanent()) {
            log.warn("Mail {} refused for good on attempt {}: {}", mail.getReference(), attempt, failure.reason());
            ledger.failed(mail, failure.reason());
            announcements.refused(mail, attempt, failure.reason(), clock.instant());
        } else {
            Instant next = clock.instant().plus(backoff.after(attempt, jitter));
            log.info("Mail {} not sent (attempt {}), next try at {}: {}", mail.getReference(), attempt, next, failure.reason());
            ledger.retryAt(mail, next, failure.reason());
        }
    }

    private SimpleMailMessage message(String to, String subject, String text) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        return message;
    }
}
