package dev.sparks.embedded.stripe;

import java.util.Map;

/**
 * Stripe's documented test payment methods and what confirming a payment with each does. A token
 * such as {@code pm_card_visa} stands for a fresh card every time it is used, as on Stripe.
 */
enum TestCards {
    VISA("pm_card_visa", "visa", "4242", null, null),
    DECLINED("pm_card_chargeDeclined", "visa", "0002", "card_declined", "generic_decline"),
    INSUFFICIENT_FUNDS("pm_card_chargeDeclinedInsufficientFunds", "visa", "9995", "card_declined", "insufficient_funds"),
    AUTHENTICATION_REQUIRED("pm_card_authenticationRequired", "visa", "3184", "authentication_required",
            "authentication_required");

    private static final Map<String, String> MESSAGES = Map.of(
            "generic_decline", "Your card was declined.",
            "insufficient_funds", "Your card has insufficient funds.",
            "authentication_required", "Your card was declined. This transaction requires authentication.");

    final String token;
    final String brand;
    final String last4;
    final String errorCode;
    final String declineCode;

    TestCards(String token, String brand, String last4, String errorCode, String declineCode) {
        this.token = token;
        this.brand = brand;
        this.last4 = last4;
        this.errorCode = errorCode;
        this.declineCode = declineCode;
    }

    static TestCards ofToken(String token) {
        for (TestCards card : values()) {
            if (card.token.equals(token)) {
                return card;
            }
        }
        return null;
    }

    boolean declines() {
        return this == DECLINED || this == INSUFFICIENT_FUNDS;
    }

    boolean needsAuthentication() {
        return this == AUTHENTICATION_REQUIRED;
    }

    String message() {
        return MESSAGES.get(declineCode);
    }
}
