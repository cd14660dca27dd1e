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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
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

    private final DunningSchedule dunning;
    private final Attempts attempts;

    Payments(DSLContext db, Outbox outbox, Clock clock, PlatformProperties platform, DunningSchedule dunning,
            Attempts attempts) {
        this.dunning = dunning;
        this.attempts = attempts;
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
            // One invoice was charged a second time: never silent. Invoicing lists it as a double charge.
            log.error("Double charge: payment {} was already settled by {}, and {} succeeded too", paymentId,
                    row.getStripePaymentIntentId(), outcome.paymentIntentId());
            announce(row, outcome, 0, Retry.NONE);
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
        Retry retry = outcome.status() == PaymentStatus.FAILED ? dunning(row, outcome) : Retry.NONE;
        long refundedNow = outcome.refundedMinor() - row.getAmountRefundedMinor();
        if (outcome.status() == PaymentStatus.REFUNDED) {
            row.setAmountRefundedMinor(outcome.refundedMinor());
        }
        if (outcome.status() == PaymentStatus.DISPUTED) {
            row.setDisputeId(outcome.disputeId());
            row.setDisputeStatus(outcome.disputeStatus());
        }
        row.store();
        announce(row, outcome, refundedNow, retry);
        return true;
    }

    /** What dunning does after a declined attempt: the next attempt and when, or none (the last one failed). */
    private record Retry(Instant at, boolean finalAttempt) {
        static final Retry NONE = new Retry(null, false);
    }

    /**
     * A failure of the payment's latest attempt schedules the next one by the dunning schedule,
     * counted from the first failure; after the last there is none and the failure is final. A
     * failure of an attempt a newer one has replaced (the customer saved a card meanwhile) schedules
     * nothing: the newer attempt decides.
     */
    private Retry dunning(PaymentRequestRecord row, Outcome outcome) {
        if (row.getFirstFailedAt() == null) {
            row.setFirstFailedAt(clock.instant().atOffset(ZoneOffset.UTC));
        }
        if (outcome.attempt() < row.getAttempts()) {
            return Retry.NONE;
        }
        Optional<Instant> next = dunning.nextAttempt(row.getFirstFailedAt().toInstant(), outcome.attempt());
        next.ifPresent(at -> attempts.add(row.getPaymentId(), row.getInvoiceId(), at));
        return next.map(at -> new Retry(at, false)).orElse(new Retry(null, true));
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
    private void announce(PaymentRequestRecord row, Outcome outcome, long refundedNow, Retry retry) {
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
                .setNextAttemptAt(retry.at())
                .setFinalAttempt(retry.finalAttempt())
                .build();
        outbox.append(Topics.PAYMENT_EVENTS, row.getCustomerId(), event.getEventId(), event);
    }
}
