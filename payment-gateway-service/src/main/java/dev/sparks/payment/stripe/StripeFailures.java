package dev.sparks.payment.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

/** Which Stripe failures a retry with the same idempotency key may cure, and how each is audited. */
public final class StripeFailures {

    private StripeFailures() {}

    /** Network errors (timeouts included), 429 and 5xx: Stripe may not have run the request, or may answer it again. */
    public static boolean isTransient(Throwable failure) {
        if (failure instanceof ApiConnectionException || failure instanceof RateLimitException) {
            return true;
        }
        return failure instanceof StripeException stripe && stripe.getStatusCode() != null && stripe.getStatusCode() >= 500;
    }

    static String outcome(Throwable failure) {
        return switch (failure) {
            case null -> "ok";
            case CardException card -> "card_error";
            case RateLimitException limited -> "rate_limited";
            case ApiConnectionException network -> "network_error";
            case IdempotencyException idempotency -> "idempotency_error";
            case StripeException stripe when stripe.getStatusCode() != null && stripe.getStatusCode() >= 500 -> "server_error";
            default -> "error";
        };
    }
}
