package dev.sparks.payment.charge;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REQUEST;

import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import dev.sparks.payment.PaymentProperties;
import dev.sparks.payment.request.Outcome;
import dev.sparks.payment.request.PaymentStatus;
import dev.sparks.payment.request.Payments;
import dev.sparks.payment.stripe.StripeCalls;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-reads from Stripe every payment that stayed {@code processing} or awaiting the customer's
 * action longer than {@code janitor-after} without news, so a lost webhook never leaves an invoice
 * open for good (Kill Bill's janitor). What it reads goes through the same forward-only rule as a
 * webhook. A payment it checked is not checked again for another {@code janitor-after}.
 */
@Service
public class PaymentJanitor {

    private static final Logger log = LoggerFactory.getLogger(PaymentJanitor.class);

    private final DSLContext db;
    private final StripeCalls stripe;
    private final Payments payments;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final PaymentProperties properties;

    PaymentJanitor(DSLContext db, StripeCalls stripe, Payments payments, TransactionTemplate transactions, Clock clock,
            PaymentProperties properties) {
        this.db = db;
        this.stripe = stripe;
        this.payments = payments;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    /** Returns how many payments it re-read. */
    public int runOnce() {
        if (!stripe.enabled()) {
            return 0;
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        var stale = db.select(PAYMENT_REQUEST.PAYMENT_ID, PAYMENT_REQUEST.STRIPE_PAYMENT_INTENT_ID, PAYMENT_REQUEST.STATUS_ATTEMPT)
                .from(PAYMENT_REQUEST)
                .where(PAYMENT_REQUEST.STATUS.in(PaymentStatus.PROCESSING.column(), PaymentStatus.REQUIRES_ACTION.column()))
                .and(PAYMENT_REQUEST.STRIPE_PAYMENT_INTENT_ID.isNotNull())
                .and(DSL.coalesce(PAYMENT_REQUEST.CHECKED_AT, PAYMENT_REQUEST.UPDATED_AT).lt(now.minus(properties.janitorAfter())))
                .limit(100).fetch();
        int reread = 0;
        for (var row : stale) {
            try {
                reread(row.value1(), row.value2(), row.value3(), now);
                reread++;
            } catch (RuntimeException e) {
                log.warn("Janitor could not re-read payment {} ({}): {}", row.value1(), row.value2(), e.getMessage());
            }
        }
        return reread;
    }

    private void reread(UUID paymentId, String paymentIntentId, int statusAttempt, OffsetDateTime now) {
        transactions.executeWithoutResult(status -> {
            PaymentIntent intent;
            try {
                intent = stripe.call("payment_intents.retrieve", null,
                        (client, options) -> client.v1().paymentIntents().retrieve(paymentIntentId, options));
            } catch (StripeException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            if (payments.apply(paymentId, Outcome.of(intent, statusAttempt))) {
                log.info("Janitor: payment {} is {} on Stripe; no webhook had said so", paymentId, intent.getStatus());
            }
            db.update(PAYMENT_REQUEST).set(PAYMENT_REQUEST.CHECKED_AT, now)
                    .where(PAYMENT_REQUEST.PAYMENT_ID.eq(paymentId)).execute();
        });
    }
}
