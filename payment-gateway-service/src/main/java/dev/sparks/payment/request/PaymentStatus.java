package dev.sparks.payment.request;

import dev.sparks.schemas.payment.PaymentEventType;
import java.util.Locale;

/**
 * Where a payment stands, ranked so that news can only move it forward. Stripe delivers webhooks
 * late, twice and out of order, and the charge worker, the janitor and webhooks all report the
 * same payment: {@link #accepts} decides whether a report is news.
 */
public enum PaymentStatus {
    REQUESTED(0), PROCESSING(1), REQUIRES_ACTION(2), FAILED(2), CANCELED(2), SUCCEEDED(3), REFUNDED(4), DISPUTED(4);

    private final int rank;

    PaymentStatus(int rank) {
        this.rank = rank;
    }

    public static PaymentStatus of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Money was received: only refunds and disputes follow. */
    public boolean settled() {
        return rank >= SUCCEEDED.rank;
    }

    /**
     * Whether a report of {@code next} for {@code attempt} moves a payment that is here because of
     * {@code statusAttempt}. A success is always news to an unsettled payment (money came in, even
     * from an older attempt); a newer attempt starts afresh; within one attempt only a higher rank
     * is news (a late {@code payment_failed} after {@code succeeded} changes nothing).
     */
    public boolean accepts(PaymentStatus next, int attempt, int statusAttempt) {
        if (settled()) {
            return next == REFUNDED || next == DISPUTED;
        }
        if (next == SUCCEEDED) {
            return true;
        }
        if (next.settled() || attempt < statusAttempt) {
            return false;
        }
        return attempt > statusAttempt || next.rank > rank;
    }

    /** What payment.events.v1 announces on reaching this status; null: nothing (the gateway's own business). */
    PaymentEventType eventType() {
        return switch (this) {
            case REQUESTED -> PaymentEventType.REQUESTED;
            case PROCESSING, CANCELED -> null;
            case REQUIRES_ACTION -> PaymentEventType.REQUIRES_ACTION;
            case FAILED -> PaymentEventType.FAILED;
            case SUCCEEDED -> PaymentEventType.SUCCEEDED;
            case REFUNDED -> PaymentEventType.REFUNDED;
            case DISPUTED -> PaymentEventType.DISPUTED;
        };
    }
}
