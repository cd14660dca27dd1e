package dev.sparks.payment.request;

import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;

/**
 * What Stripe says about one attempt of a payment, from whichever source: the charge call's answer,
 * a webhook, or the janitor's re-read.
 */
public record Outcome(PaymentStatus status, int attempt, String paymentIntentId, String declineCode,
        String failureReason, String actionUrl, long refundedMinor, String disputeId, String disputeStatus) {

    public static Outcome of(PaymentStatus status, int attempt, String paymentIntentId) {
        return new Outcome(status, attempt, paymentIntentId, null, null, null, 0, null, null);
    }

    /** A PaymentIntent as Stripe returned or sent it. */
    public static Outcome of(PaymentIntent intent, int attempt) {
        PaymentStatus status = switch (intent.getStatus()) {
            case "succeeded" -> PaymentStatus.SUCCEEDED;
            case "processing", "requires_capture", "requires_confirmation" -> PaymentStatus.PROCESSING;
            case "requires_action" -> PaymentStatus.REQUIRES_ACTION;
            case "canceled" -> PaymentStatus.CANCELED;
            default -> intent.getLastPaymentError() != null ? PaymentStatus.FAILED : PaymentStatus.PROCESSING;
        };
        StripeError error = intent.getLastPaymentError();
        String actionUrl = intent.getNextAction() != null && intent.getNextAction().getRedirectToUrl() != null
                ? intent.getNextAction().getRedirectToUrl().getUrl() : null;
        return new Outcome(status, attempt, intent.getId(),
                error == null ? null : (error.getDeclineCode() != null ? error.getDeclineCode() : error.getCode()),
                error == null ? null : error.getMessage(), actionUrl, 0, null, null);
    }

    public static Outcome refunded(int attempt, String paymentIntentId, long refundedMinor) {
        return new Outcome(PaymentStatus.REFUNDED, attempt, paymentIntentId, null, null, null, refundedMinor, null, null);
    }

    public static Outcome disputed(int attempt, String paymentIntentId, String disputeId, String disputeStatus) {
        return new Outcome(PaymentStatus.DISPUTED, attempt, paymentIntentId, null, null, null, 0, disputeId, disputeStatus);
    }
}
