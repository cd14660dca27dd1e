package dev.sparks.payment.request;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REQUEST;

import dev.sparks.payment.persistence.jooq.tables.records.PaymentRequestRecord;
import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies Stripe's news to a payment, one at a time per payment (the row is locked), and announces
 * each real change on {@code payment.events.v1} through the outbox in the same transaction. A
 * report that is not news ({@link PaymentStatus#accepts}) changes nothing and announces nothing;
 * event ids derive from what they announce, so a change announced twice is dropped downstream.
 */
@Service
public class Payments {

    private static final Logger log = LoggerFactory.getLogger(Payments.class);

    private final DSLContext db;
    private final Outbox outbox;
    private final Clock clock;
    private final String producer;

    Payments(DSLContext db, Outbox outbox, Clock clock, PlatformProperties platform) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.producer = platform.serviceName();
    }

    /** True when {@code outcome} changed the payment. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean apply(UUID paymentId, Outcome outcome) {
        PaymentRequestRecord row = db.selectFrom(PAYMENT_REQUEST).where(PAYMENT_REQUEST.PAYMENT_ID.eq(paymentId))
                .forUpdate().fetchOne();
        if (row == null) {
            return false;
        }
        PaymentStatus current = PaymentStatus.of(row.getStatus());
        if (current.settled() && outcome.status() == PaymentStatus.SUCCEEDED && outcome.paymentIntentId() != null
                && !outcome.paymentIntentId().equals(row.getStripePaymentIntentId())) {
            // Money came in twice for one invoice: never silent. Invoicing reports it as a double charge.
            log.error("Double charge: payment {} was already settled by {}, and {} succeeded too", paymentId,
                    row.getStripePaymentIntentId(), outcome.paymentIntentId());
            announce(row, outcome, 0);
            return false;
        }
        if (!isNews(row, current, outcome)) {
            log.debug("Payment {} stays {}: {} of attempt {} is no news", paymentId, current, outcome.status(), outcome.attempt());
            return false;
        }
        row.setStatus(outcome.status().column());
        row.setStatusAttempt(Math.max(row.getStatusAttempt(), outcome.attempt()));
        row.setUpdatedAt(clock.instant().atOffset(ZoneOffset.UTC));
        if (outcome.paymentIntentId() != null) {
            row.setStripePaymentIntentId(outcome.paymentIntentId());
        }
        if (outcome.status() == PaymentStatus.FAILED || outcome.status() == PaymentStatus.REQUIRES_ACTION) {
            row.setDeclineCode(outcome.declineCode());
            row.setFailureReason(outcome.failureReason());
        }
        row.setActionUrl(outcome.status() == PaymentStatus.REQUIRES_ACTION ? outcome.actionUrl() : null);
        long refundedNow = outcome.refundedMinor() - row.getAmountRefundedMinor();
        if (outcome.status() == PaymentStatus.REFUNDED) {
            row.setAmountRefundedMinor(outcome.refundedMinor());
        }
        if (outcome.status() == PaymentStatus.DISPUTED) {
            row.setDisputeId(outcome.disputeId());
            row.setDisputeStatus(outcome.disputeStatus());
        }
        row.store();
        announce(row, outcome, refundedNow);
        return true;
    }

    private static boolean isNews(PaymentRequestRecord row, PaymentStatus current, Outcome outcome) {
        if (!current.accepts(outcome.status(), outcome.attempt(), row.getStatusAttempt())) {
            return false;
        }
        return switch (outcome.status()) {
            case REFUNDED -> outcome.refundedMinor() > row.getAmountRefundedMinor();
            case DISPUTED -> !Objects.equals(outcome.disputeStatus(), row.getDisputeStatus());
            default -> true;
        };
    }

    /** {@code refundedNow}: for REFUNDED, what this refund returned (Stripe reports the running total). */
    private void announce(PaymentRequestRecord row, Outcome outcome, long refundedNow) {
        PaymentEventType type = outcome.status() == PaymentStatus.DISPUTED
                && ("won".equals(outcome.disputeStatus()) || "lost".equals(outcome.disputeStatus()))
                ? PaymentEventType.DISPUTE_CLOSED : outcome.status().eventType();
        if (type == null) {
            return; // processing, canceled: the gateway's own business until money moves or fails
        }
        String identity = "payment-event|" + row.getPaymentId() + "|" + type + "|" + outcome.attempt() + "|"
                + outcome.paymentIntentId() + "|" + outcome.refundedMinor() + "|" + outcome.disputeStatus();
        boolean needsCustomer = outcome.status() == PaymentStatus.FAILED || outcome.status() == PaymentStatus.REQUIRES_ACTION;
        PaymentEvent event = PaymentEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(row.getCustomerId())
                .setProducer(producer)
                .setType(type)
                .setPaymentId(row.getPaymentId().toString())
                .setInvoiceId(row.getInvoiceId().toString())
                .setAmountMinor(row.getAmountMinor())
                .setCurrency(row.getCurrency().trim())
                .setFailureReason(outcome.status() == PaymentStatus.FAILED ? outcome.failureReason() : null)
                .setDeclineCode(needsCustomer ? outcome.declineCode() : null)
                .setAttempt(Math.max(1, outcome.attempt()))
                .setActionUrl(outcome.status() == PaymentStatus.REQUIRES_ACTION ? outcome.actionUrl() : null)
                .setRefundedMinor(outcome.status() == PaymentStatus.REFUNDED ? refundedNow : 0)
                .setDisputeOutcome(type == PaymentEventType.DISPUTE_CLOSED ? outcome.disputeStatus() : null)
                .build();
        outbox.append(Topics.PAYMENT_EVENTS, row.getCustomerId(), event.getEventId(), event);
    }
}
