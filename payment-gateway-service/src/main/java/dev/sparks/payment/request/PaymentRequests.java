package dev.sparks.payment.request;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_ATTEMPT;
import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REQUEST;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records that a finalized invoice must be paid, announces it, and writes its first payment attempt
 * in the same transaction (the one that consumed the invoice event), so an invoice is never lost
 * between Kafka and Stripe: the charge worker sends the attempt when it can.
 */
@Service
public class PaymentRequests {

    public static final String REQUESTED = "requested";

    private final DSLContext db;
    private final Outbox outbox;
    private final Clock clock;
    private final String producer;

    private final Attempts attempts;

    PaymentRequests(DSLContext db, Outbox outbox, Clock clock, PlatformProperties platform, Attempts attempts) {
        this.attempts = attempts;
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.producer = platform.serviceName();
    }

    public record PaymentRequest(String paymentId, String invoiceId, String invoiceNumber, String customerId,
            long amountMinor, String currency, String status, int attempts, String stripePaymentIntentId,
            String declineCode, String failureReason, String actionUrl, long amountRefundedMinor, String disputeStatus) {}

    /** Stripe's idempotency key of one attempt: a retry of the same attempt can never charge twice. */
    public static String attemptKey(UUID invoiceId, int attempt) {
        return "sparks-invoice-" + invoiceId + "-attempt-" + attempt;
    }

    @Transactional
    public void requestPaymentFor(InvoiceEvent invoice) {
        if (invoice.getTotalMinor() <= 0) {
            return; // nothing to collect: invoicing marks an invoice of zero paid when it finalizes it
        }
        UUID invoiceId = UUID.fromString(invoice.getInvoiceId());
        UUID paymentId = UUID.nameUUIDFromBytes(("payment|" + invoiceId).getBytes(StandardCharsets.UTF_8));
        int created = db.insertInto(PAYMENT_REQUEST)
                .set(PAYMENT_REQUEST.PAYMENT_ID, paymentId)
                .set(PAYMENT_REQUEST.INVOICE_ID, invoiceId)
                .set(PAYMENT_REQUEST.CUSTOMER_ID, invoice.getCustomerId())
                .set(PAYMENT_REQUEST.AMOUNT_MINOR, invoice.getTotalMinor())
                .set(PAYMENT_REQUEST.CURRENCY, invoice.getCurrency())
                .set(PAYMENT_REQUEST.INVOICE_NUMBER, invoice.getInvoiceNumber())
                .set(PAYMENT_REQUEST.STATUS, REQUESTED)
                .set(PAYMENT_REQUEST.CREATED_AT, clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .set(PAYMENT_REQUEST.UPDATED_AT, clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
        if (created == 0) {
            return;
        }
        addAttempt(paymentId, invoiceId);
        PaymentEvent requested = PaymentEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("requested|" + paymentId).getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(invoice.getCustomerId())
                .setProducer(producer)
                .setType(PaymentEventType.REQUESTED)
                .setPaymentId(paymentId.toString())
                .setInvoiceId(invoiceId.toString())
                .setAmountMinor(invoice.getTotalMinor())
                .setCurrency(invoice.getCurrency())
                .build();
        outbox.append(Topics.PAYMENT_EVENTS, invoice.getCustomerId(), requested.getEventId(), requested);
    }

    /**
     * A new attempt for each of the customer's payments still open (requested, failed, needing
     * action): a customer who put a card on file is charged again at once.
     */
    @Transactional
    public int retryOpenPaymentsOf(String customerId) {
        var open = db.select(PAYMENT_REQUEST.PAYMENT_ID, PAYMENT_REQUEST.INVOICE_ID).from(PAYMENT_REQUEST)
                .where(PAYMENT_REQUEST.CUSTOMER_ID.eq(customerId))
                .and(PAYMENT_REQUEST.STATUS.in(REQUESTED, PaymentStatus.FAILED.column(), PaymentStatus.REQUIRES_ACTION.column()))
                .and(PAYMENT_REQUEST.STATUS.ne(REQUESTED).or(org.jooq.impl.DSL.notExists(db.selectOne().from(PAYMENT_ATTEMPT)
                        .where(PAYMENT_ATTEMPT.PAYMENT_ID.eq(PAYMENT_REQUEST.PAYMENT_ID))
                        .and(PAYMENT_ATTEMPT.STATUS.eq("pending")))))
                .forUpdate().fetch();
        open.forEach(row -> addAttempt(row.value1(), row.value2()));
        return open.size();
    }

    /** An attempt Stripe refused or that waits for Stripe, for operators. */
    public record AttemptError(String id, String paymentId, String invoiceId, String customerId, int attempt,
            String status, int tries, String lastError, java.time.Instant nextTryAt) {}

    @Transactional(readOnly = true)
    public List<AttemptError> errors() {
        return db.select(PAYMENT_ATTEMPT.PAYMENT_ID, PAYMENT_REQUEST.INVOICE_ID, PAYMENT_REQUEST.CUSTOMER_ID,
                        PAYMENT_ATTEMPT.ATTEMPT, PAYMENT_ATTEMPT.STATUS, PAYMENT_ATTEMPT.TRIES, PAYMENT_ATTEMPT.LAST_ERROR,
                        PAYMENT_ATTEMPT.NEXT_TRY_AT)
                .from(PAYMENT_ATTEMPT).join(PAYMENT_REQUEST).on(PAYMENT_REQUEST.PAYMENT_ID.eq(PAYMENT_ATTEMPT.PAYMENT_ID))
                .where(PAYMENT_ATTEMPT.STATUS.eq("error")
                        .or(PAYMENT_ATTEMPT.STATUS.eq("pending").and(PAYMENT_ATTEMPT.LAST_ERROR.isNotNull())))
                .orderBy(PAYMENT_ATTEMPT.CREATED_AT)
                .fetch(row -> new AttemptError(row.value1() + ":" + row.value4(), row.value1().toString(),
                        row.value2().toString(), row.value3(), row.value4(), row.value5(), row.value6(), row.value7(),
                        row.value8().toInstant()));
    }

    /**
     * An operator's retry of a failed or waiting attempt ({@code <payment id>:<attempt>}): a waiting
     * attempt goes now; after a refusal a new attempt (a new idempotency key: Stripe would answer the
     * old key with the same refusal). False when there is nothing to retry.
     */
    @Transactional
    public boolean retryNow(String attemptId) {
        String[] parts = attemptId.split(":");
        if (parts.length != 2) {
            return false;
        }
        UUID paymentId;
        int attempt;
        try {
            paymentId = UUID.fromString(parts[0]);
            attempt = Integer.parseInt(parts[1]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        var row = db.select(PAYMENT_ATTEMPT.STATUS, PAYMENT_REQUEST.STATUS, PAYMENT_REQUEST.INVOICE_ID)
                .from(PAYMENT_ATTEMPT).join(PAYMENT_REQUEST).on(PAYMENT_REQUEST.PAYMENT_ID.eq(PAYMENT_ATTEMPT.PAYMENT_ID))
                .where(PAYMENT_ATTEMPT.PAYMENT_ID.eq(paymentId)).and(PAYMENT_ATTEMPT.ATTEMPT.eq(attempt))
                .forUpdate().fetchOne();
        if (row == null || PaymentStatus.of(row.value2()).settled()) {
            return false;
        }
        if ("pending".equals(row.value1())) {
            return db.update(PAYMENT_ATTEMPT).set(PAYMENT_ATTEMPT.NEXT_TRY_AT, clock.instant().atOffset(java.time.ZoneOffset.UTC))
                    .where(PAYMENT_ATTEMPT.PAYMENT_ID.eq(paymentId)).and(PAYMENT_ATTEMPT.ATTEMPT.eq(attempt)).execute() == 1;
        }
        if (!"error".equals(row.value1())) {
            return false;
        }
        addAttempt(paymentId, row.value3());
        return true;
    }

    private void addAttempt(UUID paymentId, UUID invoiceId) {
        attempts.add(paymentId, invoiceId, clock.instant());
    }

    @Transactional(readOnly = true)
    public List<PaymentRequest> ofCustomer(String customerId) {
        return db.selectFrom(PAYMENT_REQUEST)
                .where(PAYMENT_REQUEST.CUSTOMER_ID.eq(customerId))
                .orderBy(PAYMENT_REQUEST.CREATED_AT)
                .fetch(row -> new PaymentRequest(row.getPaymentId().toString(), row.getInvoiceId().toString(),
                        row.getInvoiceNumber(), row.getCustomerId(), row.getAmountMinor(), row.getCurrency(), row.getStatus(),
                        row.getAttempts(), row.getStripePaymentIntentId(), row.getDeclineCode(), row.getFailureReason(),
                        row.getActionUrl(), row.getAmountRefundedMinor(), row.getDisputeStatus()));
    }
}
