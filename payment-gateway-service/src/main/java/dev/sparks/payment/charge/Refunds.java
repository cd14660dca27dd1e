package dev.sparks.payment.charge;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REFUND;
import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REQUEST;

import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.param.RefundCreateParams;
import dev.sparks.payment.persistence.jooq.tables.records.PaymentRefundRecord;
import dev.sparks.payment.persistence.jooq.tables.records.PaymentRequestRecord;
import dev.sparks.payment.request.Outcome;
import dev.sparks.payment.request.PaymentStatus;
import dev.sparks.payment.request.Payments;
import dev.sparks.payment.stripe.StripeCalls;
import dev.sparks.schemas.invoice.InvoiceEvent;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds through Stripe what invoicing credits on a paid invoice ({@code CREDIT_NOTE_ISSUED} with
 * {@code refund_minor}): recorded in the transaction that consumed the event, then sent by
 * {@link #runOnce} with the credit note's number as the idempotency key, so a credit note refunds
 * once however often it is sent. Stripe's {@code charge.refunded} (or the call's own answer)
 * moves the payment to refunded.
 */
@Service
public class Refunds {

    private static final Logger log = LoggerFactory.getLogger(Refunds.class);

    private final DSLContext db;
    private final StripeCalls stripe;
    private final Payments payments;
    private final DueWork work;

    Refunds(DSLContext db, StripeCalls stripe, Payments payments, DueWork work) {
        this.db = db;
        this.stripe = stripe;
        this.payments = payments;
        this.work = work;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void requestFor(InvoiceEvent creditNote) {
        UUID invoiceId = UUID.fromString(creditNote.getInvoiceId());
        PaymentRequestRecord payment = db.selectFrom(PAYMENT_REQUEST).where(PAYMENT_REQUEST.INVOICE_ID.eq(invoiceId)).fetchOne();
        if (payment == null) {
            log.warn("Credit note {} asks to refund invoice {}, which Sparks never collected: nothing to refund through Stripe",
                    creditNote.getCreditNoteNumber(), invoiceId);
            return;
        }
        db.insertInto(PAYMENT_REFUND)
                .set(PAYMENT_REFUND.CREDIT_NOTE_NUMBER, creditNote.getCreditNoteNumber())
                .set(PAYMENT_REFUND.PAYMENT_ID, payment.getPaymentId())
                .set(PAYMENT_REFUND.AMOUNT_MINOR, creditNote.getRefundMinor())
                .set(PAYMENT_REFUND.STATUS, "pending")
                .set(PAYMENT_REFUND.NEXT_TRY_AT, work.now())
                .set(PAYMENT_REFUND.CREATED_AT, work.now())
                .onConflictDoNothing()
                .execute();
    }

    /** Sends every refund due now; returns how many it handled. */
    public int runOnce() {
        return work.drain(this::refundNext);
    }

    private boolean refundNext() {
        OffsetDateTime now = work.now();
        PaymentRefundRecord refund = db.selectFrom(PAYMENT_REFUND)
                .where(PAYMENT_REFUND.STATUS.eq("pending")).and(PAYMENT_REFUND.NEXT_TRY_AT.le(now))
                .orderBy(PAYMENT_REFUND.NEXT_TRY_AT).limit(1).forUpdate().skipLocked().fetchOne();
        if (refund == null) {
            return false;
        }
        PaymentRequestRecord payment = db.selectFrom(PAYMENT_REQUEST)
                .where(PAYMENT_REQUEST.PAYMENT_ID.eq(refund.getPaymentId())).fetchOne();
        if (payment.getStripePaymentIntentId() == null || !PaymentStatus.of(payment.getStatus()).settled()) {
            return finish(refund, "error", "the invoice was not paid through Stripe (payment " + payment.getStatus() + ")");
        }
        try {
            Refund done = stripe.call("refunds.create", "sparks-refund-" + refund.getCreditNoteNumber(),
                    (client, options) -> client.v1().refunds().create(RefundCreateParams.builder()
                            .setPaymentIntent(payment.getStripePaymentIntentId())
                            .setAmount(refund.getAmountMinor())
                            .putMetadata("credit_note_number", refund.getCreditNoteNumber())
                            .putMetadata("invoice_id", payment.getInvoiceId().toString())
                            .build(), options));
            refund.setStripeRefundId(done.getId());
            refund.setTries(refund.getTries() + 1);
            finish(refund, "sent", null);
            long refundedSoFar = db.select(PAYMENT_REFUND.AMOUNT_MINOR.sum()).from(PAYMENT_REFUND)
                    .where(PAYMENT_REFUND.PAYMENT_ID.eq(payment.getPaymentId())).and(PAYMENT_REFUND.STATUS.eq("sent"))
                    .fetchOne().value1().longValue();
            payments.apply(payment.getPaymentId(), Outcome.refunded(payment.getStatusAttempt(),
                    payment.getStripePaymentIntentId(), Math.max(refundedSoFar, payment.getAmountRefundedMinor())));
        } catch (CallNotPermittedException | StripeException failed) {
            Optional<OffsetDateTime> retryAt = work.retryAt(failed, refund.getTries());
            refund.setTries(refund.getTries() + 1);
            if (retryAt.isPresent()) {
                refund.setNextTryAt(retryAt.get());
                refund.setLastError(failed.getMessage());
                refund.store();
            } else {
                log.error("Stripe refused the refund of credit note {}: {}", refund.getCreditNoteNumber(), failed.getMessage());
                finish(refund, "error", failed.getMessage());
            }
        }
        return true;
    }

    private static boolean finish(PaymentRefundRecord refund, String status, String error) {
        refund.setStatus(status);
        refund.setLastError(error);
        refund.store();
        return true;
    }
}
