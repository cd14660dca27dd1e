package dev.sparks.payment.request;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_ATTEMPT;
import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REQUEST;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Adds a payment's next collection attempt: its number, its idempotency key (fixed now, so a retry
 * of the same attempt can never charge twice) and when it is due. Call in the caller's transaction.
 */
@Component
class Attempts {

    private final DSLContext db;
    private final Clock clock;

    Attempts(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The attempt's number. */
    int add(UUID paymentId, UUID invoiceId, Instant due) {
        int attempt = db.update(PAYMENT_REQUEST).set(PAYMENT_REQUEST.ATTEMPTS, PAYMENT_REQUEST.ATTEMPTS.plus(1))
                .where(PAYMENT_REQUEST.PAYMENT_ID.eq(paymentId)).returning(PAYMENT_REQUEST.ATTEMPTS).fetchOne().getAttempts();
        db.insertInto(PAYMENT_ATTEMPT)
                .set(PAYMENT_ATTEMPT.PAYMENT_ID, paymentId)
                .set(PAYMENT_ATTEMPT.ATTEMPT, attempt)
                .set(PAYMENT_ATTEMPT.IDEMPOTENCY_KEY, PaymentRequests.attemptKey(invoiceId, attempt))
                .set(PAYMENT_ATTEMPT.STATUS, "pending")
                .set(PAYMENT_ATTEMPT.NEXT_TRY_AT, due.atOffset(ZoneOffset.UTC))
                .set(PAYMENT_ATTEMPT.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
        return attempt;
    }
}
