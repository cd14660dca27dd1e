package dev.sparks.payment.charge;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_ATTEMPT;
import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REQUEST;

import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import dev.sparks.payment.customer.StripeCustomers;
import dev.sparks.payment.persistence.jooq.tables.records.PaymentAttemptRecord;
import dev.sparks.payment.persistence.jooq.tables.records.PaymentRequestRecord;
import dev.sparks.payment.request.Outcome;
import dev.sparks.payment.request.PaymentStatus;
import dev.sparks.payment.request.Payments;
import dev.sparks.payment.stripe.StripeCalls;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Sends due payment attempts to Stripe: one PaymentIntent per attempt, created and confirmed off
 * session with the customer's default card, its idempotency key fixed when the attempt was written.
 * Each attempt is claimed {@code FOR UPDATE SKIP LOCKED} in a transaction of its own, so instances
 * share the work and none sends an attempt twice at once; and were it sent twice (a crash after
 * Stripe answered), the key makes Stripe answer the first charge again. While Stripe is down (tries
 * used up, breaker open) the attempt waits in the database.
 */
@Service
public class ChargeWorker {

    private static final Logger log = LoggerFactory.getLogger(ChargeWorker.class);

    private final DSLContext db;
    private final StripeCalls stripe;
    private final StripeCustomers customers;
    private final Payments payments;
    private final DueWork work;
    private final MeterRegistry meters;

    ChargeWorker(DSLContext db, StripeCalls stripe, StripeCustomers customers, Payments payments, DueWork work,
            MeterRegistry meters) {
        this.db = db;
        this.stripe = stripe;
        this.customers = customers;
        this.payments = payments;
        this.work = work;
        this.meters = meters;
    }

    /** Sends every attempt due now; returns how many it handled. */
    public int runOnce() {
        return work.drain(this::chargeNext);
    }

    private boolean chargeNext() {
        OffsetDateTime now = work.now();
        PaymentAttemptRecord attempt = db.selectFrom(PAYMENT_ATTEMPT)
                .where(PAYMENT_ATTEMPT.STATUS.eq("pending")).and(PAYMENT_ATTEMPT.NEXT_TRY_AT.le(now))
                .orderBy(PAYMENT_ATTEMPT.NEXT_TRY_AT).limit(1).forUpdate().skipLocked().fetchOne();
        if (attempt == null) {
            return false;
        }
        PaymentRequestRecord payment = db.selectFrom(PAYMENT_REQUEST)
                .where(PAYMENT_REQUEST.PAYMENT_ID.eq(attempt.getPaymentId())).fetchOne();
        if (PaymentStatus.of(payment.getStatus()).settled() || attempt.getAttempt() < payment.getAttempts()) {
            finish(attempt, "skipped", null);
            return true;
        }
        Optional<StripeCustomers.Link> link = customers.of(payment.getCustomerId())
                .filter(known -> known.defaultPaymentMethod() != null);
        if (link.isEmpty()) {
            // No card on file: the invoice stays open until the customer saves one (that adds an attempt).
            finish(attempt, "no_payment_method", "no payment method on file");
            return true;
        }
        charge(attempt, payment, link.get(), now);
        return true;
    }

    private void charge(PaymentAttemptRecord attempt, PaymentRequestRecord payment, StripeCustomers.Link link,
            OffsetDateTime now) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(payment.getAmountMinor())
                .setCurrency(payment.getCurrency().trim().toLowerCase(Locale.ROOT))
                .setCustomer(link.stripeCustomerId())
                .setPaymentMethod(link.defaultPaymentMethod())
                .setOffSession(true)
                .setConfirm(true)
                .setDescription("Sparks invoice " + payment.getInvoiceNumber())
                .putMetadata("sparks_payment_id", payment.getPaymentId().toString())
                .putMetadata("invoice_id", payment.getInvoiceId().toString())
                .putMetadata("invoice_number", String.valueOf(payment.getInvoiceNumber()))
                .putMetadata("attempt", Integer.toString(attempt.getAttempt()))
                .build();
        try {
            PaymentIntent intent = stripe.call("payment_intents.create", attempt.getIdempotencyKey(),
                    (client, options) -> client.v1().paymentIntents().create(params, options));
            sent(attempt, intent.getId(), now);
            apply(payment, Outcome.of(intent, attempt.getAttempt()));
        } catch (CardException declined) {
            PaymentIntent intent = declined.getStripeError().getPaymentIntent();
            sent(attempt, intent == null ? null : intent.getId(), now);
            apply(payment, intent != null ? Outcome.of(intent, attempt.getAttempt())
                    : new Outcome(PaymentStatus.FAILED, attempt.getAttempt(), null, declined.getDeclineCode(),
                            declined.getMessage(), null, 0, null, null));
        } catch (CallNotPermittedException | StripeException failed) {
            Optional<OffsetDateTime> retryAt = work.retryAt(failed, attempt.getTries());
            if (retryAt.isPresent()) {
                later(attempt, retryAt.get(), failed.getMessage());
            } else {
                log.error("Stripe refused attempt {} of payment {}: {}", attempt.getAttempt(), payment.getPaymentId(),
                        failed.getMessage());
                finish(attempt, "error", failed.getMessage());
                count("error");
            }
        }
    }

    private void apply(PaymentRequestRecord payment, Outcome outcome) {
        payments.apply(payment.getPaymentId(), outcome);
        count(outcome.status().column());
    }

    /** {@code sparks_payment_attempts_total{outcome}}: what each attempt sent to Stripe came back as. */
    private void count(String outcome) {
        meters.counter("sparks.payment.attempts", "outcome", outcome).increment();
    }

    private void sent(PaymentAttemptRecord attempt, String paymentIntentId, OffsetDateTime now) {
        attempt.setStripePaymentIntentId(paymentIntentId);
        attempt.setSentAt(now);
        attempt.setTries(attempt.getTries() + 1);
        finish(attempt, "sent", null);
    }

    private void later(PaymentAttemptRecord attempt, OffsetDateTime next, String error) {
        log.warn("Payment attempt {} waits until {}: {}", attempt.getIdempotencyKey(), next, error);
        attempt.setTries(attempt.getTries() + 1);
        attempt.setNextTryAt(next);
        attempt.setLastError(error);
        attempt.store();
    }

    private static void finish(PaymentAttemptRecord attempt, String status, String error) {
        attempt.setStatus(status);
        attempt.setLastError(error);
        attempt.store();
    }
}
