package dev.sparks.invoicing.payment;

import static dev.sparks.invoicing.persistence.jooq.Tables.PAYMENT_EVENT;

import dev.sparks.invoicing.invoice.InvoiceLifecycle;
import dev.sparks.invoicing.invoice.InvoiceStatus;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.payment.PaymentEvent;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a payment outcome does to its invoice, and the record of every outcome received
 * ({@code payment_event}, with what was done). Call in the consuming stage's transaction.
 *
 * <ul>
 *   <li>SUCCEEDED: an open or uncollectible invoice is paid. Money collected for an invoice that is
 *       already paid (or void) is a {@link Outcome#DOUBLE_CHARGE}, listed by reconciliation, unless it
 *       is the very payment and attempt that paid it reported again ({@link Outcome#REPEATED}).</li>
 *   <li>FAILED keeps the invoice open (the attempt is history for the dunning view); FAILED with
 *       {@code final_attempt}, and UNCOLLECTIBLE, make it uncollectible.</li>
 *   <li>DISPUTED: a paid invoice becomes disputed. DISPUTE_CLOSED: {@code won} (or any outcome but
 *       {@code lost}, such as Stripe's {@code warning_closed} inquiries) makes it paid again;
 *       {@code lost} makes it {@code dispute_lost}, final, since the money went back to the customer.</li>
 *   <li>REFUNDED: recorded; the invoice stays paid and its refunded amount is the sum of its refunds.</li>
 * </ul>
 * An outcome that does not fit the invoice's status is recorded and changes nothing.
 */
@Service
public class PaymentLedger {

    /** What invoicing did with a payment event; stored as lower-case codes. */
    public enum Outcome {
        PAID, DOUBLE_CHARGE, REPEATED, KEPT_OPEN, UNCOLLECTIBLE, DISPUTED, DISPUTE_WON, DISPUTE_LOST, REFUNDED,
        RECORDED, UNKNOWN_INVOICE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final DSLContext db;
    private final InvoiceLifecycle lifecycle;
    private final Clock clock;

    PaymentLedger(DSLContext db, InvoiceLifecycle lifecycle, Clock clock) {
        this.db = db;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    @Transactional
    public Outcome record(PaymentEvent event) {
        Outcome outcome = apply(event);
        db.insertInto(PAYMENT_EVENT)
                .set(PAYMENT_EVENT.EVENT_ID, event.getEventId())
                .set(PAYMENT_EVENT.INVOICE_ID, event.getInvoiceId())
                .set(PAYMENT_EVENT.CUSTOMER_ID, event.getCustomerId())
                .set(PAYMENT_EVENT.PAYMENT_ID, event.getPaymentId())
                .set(PAYMENT_EVENT.TYPE, event.getType().name().toLowerCase(Locale.ROOT))
                .set(PAYMENT_EVENT.ATTEMPT, event.getAttempt())
                .set(PAYMENT_EVENT.AMOUNT_MINOR, event.getAmountMinor())
                .set(PAYMENT_EVENT.CURRENCY, event.getCurrency())
                .set(PAYMENT_EVENT.DECLINE_CODE, event.getDeclineCode())
                .set(PAYMENT_EVENT.FAILURE_REASON, event.getFailureReason())
                .set(PAYMENT_EVENT.NEXT_ATTEMPT_AT, utc(event.getNextAttemptAt()))
                .set(PAYMENT_EVENT.FINAL_ATTEMPT, event.getFinalAttempt())
                .set(PAYMENT_EVENT.ACTION_URL, event.getActionUrl())
                .set(PAYMENT_EVENT.REFUNDED_MINOR, event.getRefundedMinor())
                .set(PAYMENT_EVENT.DISPUTE_OUTCOME, event.getDisputeOutcome())
                .set(PAYMENT_EVENT.OUTCOME, outcome.code())
                .set(PAYMENT_EVENT.OCCURRED_AT, utc(event.getOccurredAt()))
                .set(PAYMENT_EVENT.RECEIVED_AT, utc(clock.instant()))
                .onConflictDoNothing()
                .execute();
        return outcome;
    }

    private Outcome apply(PaymentEvent event) {
        Optional<UUID> invoice = uuid(event.getInvoiceId());
        Optional<String> status = invoice.flatMap(lifecycle::lockStatus);
        if (status.isEmpty()) {
            return Outcome.UNKNOWN_INVOICE;
        }
        UUID id = invoice.get();
        return switch (event.getType()) {
            case SUCCEEDED -> succeeded(id, event);
            case FAILED -> event.getFinalAttempt()
                    ? givenUp(id, event, "payment failed " + event.getAttempt() + " times"
                            + (event.getDeclineCode() == null ? "" : " (" + event.getDeclineCode() + ")") + "; dunning gave up")
                    : status.get().equals(InvoiceStatus.FINALIZED) ? Outcome.KEPT_OPEN : Outcome.RECORDED;
            case UNCOLLECTIBLE -> givenUp(id, event, "collection stopped by the payment gateway");
            case DISPUTED -> lifecycle.paymentMoved(id, InvoiceStatus.DISPUTED, InvoiceEventType.DISPUTED,
                    "payment disputed", event.getEventId()) ? Outcome.DISPUTED : Outcome.RECORDED;
            case DISPUTE_CLOSED -> disputeClosed(id, event);
            case REFUNDED -> Outcome.REFUNDED;
            default -> Outcome.RECORDED;
        };
    }

    /** Only money owed can be paid: a disputed invoice becomes paid again by its dispute closing, not by a charge. */
    private Outcome succeeded(UUID invoice, PaymentEvent event) {
        if (lifecycle.paid(invoice)) {
            return Outcome.PAID;
        }
        boolean sameCharge = db.fetchExists(PAYMENT_EVENT, PAYMENT_EVENT.INVOICE_ID.eq(event.getInvoiceId()),
                PAYMENT_EVENT.TYPE.eq("succeeded"), PAYMENT_EVENT.PAYMENT_ID.eq(event.getPaymentId()),
                PAYMENT_EVENT.ATTEMPT.eq(event.getAttempt()));
        return sameCharge ? Outcome.REPEATED : Outcome.DOUBLE_CHARGE;
    }

    private Outcome givenUp(UUID invoice, PaymentEvent event, String reason) {
        return lifecycle.paymentMoved(invoice, InvoiceStatus.UNCOLLECTIBLE, InvoiceEventType.UNCOLLECTIBLE, reason,
                event.getEventId()) ? Outcome.UNCOLLECTIBLE : Outcome.RECORDED;
    }

    private Outcome disputeClosed(UUID invoice, PaymentEvent event) {
        boolean lost = "lost".equalsIgnoreCase(event.getDisputeOutcome());
        String outcome = event.getDisputeOutcome() == null ? "closed" : event.getDisputeOutcome();
        boolean moved = lifecycle.paymentMoved(invoice, lost ? InvoiceStatus.DISPUTE_LOST : InvoiceStatus.PAID,
                InvoiceEventType.DISPUTE_CLOSED, "dispute " + outcome, event.getEventId());
        return !moved ? Outcome.RECORDED : lost ? Outcome.DISPUTE_LOST : Outcome.DISPUTE_WON;
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static java.time.OffsetDateTime utc(java.time.Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
