package dev.sparks.notification.deadletter;

import static dev.sparks.notification.persistence.jooq.Tables.MAIL_QUEUE;

import dev.sparks.notification.mail.MailStatus;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-drives the mails SMTP refused for good, once the cause is fixed (an address corrected, a mail
 * server's policy changed). Nothing is re-published: a refused mail stays in mail_queue as failed,
 * so a redrive makes it due again and the sender tries it like any other. Its reference stays the
 * same, so a mail is still sent at most once per reference.
 */
@Service
class FailedMailRedriver {

    record Outcome(int redriven, List<String> references) {}

    private static final int REFERENCES_SHOWN = 20;

    private final DSLContext db;
    private final Clock clock;

    FailedMailRedriver(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** All failed mails, or those of {@code reference} or {@code customerId} when given. */
    @Transactional
    public Outcome redrive(String reference, String customerId) {
        List<Condition> which = new ArrayList<>(List.of(MAIL_QUEUE.STATUS.eq(MailStatus.FAILED.column())));
        if (reference != null) {
            which.add(MAIL_QUEUE.REFERENCE.eq(reference));
        }
        if (customerId != null) {
            which.add(MAIL_QUEUE.CUSTOMER_ID.eq(customerId));
        }
        List<String> references = db.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.STATUS, MailStatus.PENDING.column())
                .set(MAIL_QUEUE.NEXT_ATTEMPT_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(which)
                .returning(MAIL_QUEUE.REFERENCE)
                .fetch(MAIL_QUEUE.REFERENCE);
        return new Outcome(references.size(), references.stream().limit(REFERENCES_SHOWN).toList());
    }
}
