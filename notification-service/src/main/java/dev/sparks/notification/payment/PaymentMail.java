package dev.sparks.notification.payment;

import static dev.sparks.notification.mail.MailText.money;

import dev.sparks.notification.mail.Mail;
import dev.sparks.notification.mail.MailText;
import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.platform.money.Money;
import dev.sparks.schemas.payment.PaymentEvent;
import java.util.Map;
import java.util.Optional;

/**
 * The text of the mails about a payment: a failed attempt (amount, why in words, the next attempt,
 * where to update the card), an attempt that needs the customer (where to confirm it), the last
 * attempt failing, and a refund. The link is the event's {@code action_url}; without one the mail
 * sends the customer to the billing settings. The greeting is added by the sender.
 */
final class PaymentMail {

    /**
     * Stripe's decline codes in words a customer can act on. Codes that hint at fraud (lost or
     * stolen card, fraudulent, pickup_card) are deliberately shown as a plain decline, as Stripe
     * advises.
     */
    private static final Map<String, String> DECLINES = Map.ofEntries(
            Map.entry("insufficient_funds", "the card has insufficient funds"),
            Map.entry("expired_card", "the card has expired"),
            Map.entry("incorrect_cvc", "the card's security code is incorrect"),
            Map.entry("incorrect_number", "the card number is incorrect"),
            Map.entry("card_velocity_exceeded", "the card's spending limit has been reached"),
            Map.entry("withdrawal_count_limit_exceeded", "the card's spending limit has been reached"),
            Map.entry("authentication_required", "your bank asks you to confirm the payment"),
            Map.entry("card_not_supported", "the card does not support this kind of payment"),
            Map.entry("currency_not_supported", "the card does not support payments in this currency"),
            Map.entry("processing_error", "an error occurred while the card was processed"),
            Map.entry("try_again_later", "the bank could not be reached"),
            Map.entry("do_not_honor", "your bank declined the payment"),
            Map.entry("generic_decline", "your bank declined the payment"),
            Map.entry("card_declined", "your bank declined the payment"));
    private static final String DECLINED = "your bank declined the payment";

    private PaymentMail() {}

    static Mail failed(PaymentEvent payment) {
        String amount = amount(payment);
        StringBuilder text = new StringBuilder("we could not collect your payment of ").append(amount)
                .append(" on ").append(MailText.day(payment.getOccurredAt())).append(": ").append(reason(payment)).append(".\n");
        if (payment.getNextAttemptAt() != null) {
            text.append("We will try again on ").append(MailText.day(payment.getNextAttemptAt())).append(".\n")
                    .append(link(payment, "To avoid another failed attempt, update your payment method"));
        } else {
            text.append(link(payment, "To pay it, update your payment method"));
        }
        return new Mail("We could not collect your payment of " + amount, text.append(signature()).toString());
    }

    /** The last attempt of dunning failed: no more retries; what happens to the subscription is mailed when it happens. */
    static Mail finalFailure(PaymentEvent payment) {
        String amount = amount(payment);
        return new Mail("Final notice: your payment of " + amount + " could not be collected",
                "our last attempt to collect your payment of " + amount + " failed on "
                        + MailText.day(payment.getOccurredAt()) + ": " + reason(payment) + ".\n"
                        + "We will not try again, and the invoice stays unpaid. If this changes your subscription,"
                        + " a separate message tells you how.\n"
                        + link(payment, "You can still pay it: update your payment method")
                        + signature());
    }

    static Mail requiresAction(PaymentEvent payment) {
        String amount = amount(payment);
        String url = Optional.ofNullable(payment.getActionUrl()).orElseThrow(() -> new RecordRejectedException(
                "REQUIRES_ACTION payment event " + payment.getEventId() + " has no action_url"));
        return new Mail("Please confirm your payment of " + amount,
                "your payment of " + amount + " needs your confirmation before it can go through"
                        + " (your bank asks you to authenticate it, or the invoice is paid from a crypto wallet).\n"
                        + "Complete it here:\n" + url + "\n"
                        + "Until then the invoice stays unpaid.\n"
                        + signature());
    }

    static Mail refunded(PaymentEvent payment) {
        if (payment.getRefundedMinor() <= 0) {
            throw new RecordRejectedException("REFUNDED payment event " + payment.getEventId() + " has no refunded_minor");
        }
        String refund = money(new Money(payment.getCurrency(), payment.getRefundedMinor()));
        return new Mail("We refunded " + refund,
                "we refunded " + refund + " of your payment of " + amount(payment) + " on "
                        + MailText.day(payment.getOccurredAt()) + ".\n"
                        + "It goes back to the payment method you paid with; banks usually take 5 to 10 days to show it.\n"
                        + signature());
    }

    /** Why, in words: the decline code when we know it, else the provider's message, else a plain decline. */
    static String reason(PaymentEvent payment) {
        String code = payment.getDeclineCode();
        if (code != null && DECLINES.containsKey(code)) {
            return DECLINES.get(code);
        }
        if (payment.getFailureReason() != null && !payment.getFailureReason().isBlank()) {
            String message = payment.getFailureReason().strip();
            message = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
            return Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return DECLINED;
    }

    /** "{@code sentence}:" and the event's link on a line of its own, or "{@code sentence} in your billing settings." */
    private static String link(PaymentEvent payment, String sentence) {
        return payment.getActionUrl() == null ? sentence + " in your billing settings.\n"
                : sentence + ":\n" + payment.getActionUrl() + "\n";
    }

    private static String amount(PaymentEvent payment) {
        return money(new Money(payment.getCurrency(), payment.getAmountMinor()));
    }

    private static String signature() {
        return "\nThank you for using Sparks.\n";
    }
}
