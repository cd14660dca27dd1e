package dev.sparks.notification.payment;

import dev.sparks.notification.mail.Mail;
import dev.sparks.notification.mail.MailText;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import java.util.Optional;

/** "Your subscription is paused / canceled": the end of dunning, as subscription-service applied its policy. */
final class SuspensionMail {

    static final String PAUSED = "dunning_paused";
    static final String CANCELED = "dunning_canceled";

    private SuspensionMail() {}

    static Optional<Mail> of(SubscriptionStateChanged state) {
        String plan = plan(state.getPlan());
        String day = MailText.day(state.getOccurredAt());
        if (PAUSED.equals(state.getTransition())) {
            return Optional.of(new Mail("Your Sparks " + plan + " subscription is paused",
                    "we could not collect the payment of your " + plan + " subscription after several attempts,"
                            + " so it was paused on " + day + ". Usage is not authorized while it is paused.\n"
                            + "To carry on, update your payment method and pay the open invoice in your billing settings;"
                            + " then resume the subscription there.\n"
                            + "\nThank you for using Sparks.\n"));
        }
        if (CANCELED.equals(state.getTransition())) {
            return Optional.of(new Mail("Your Sparks " + plan + " subscription has been canceled",
                    "we could not collect the payment of your " + plan + " subscription after several attempts,"
                            + " so it was canceled on " + day + ". The unpaid invoice remains due.\n"
                            + "You can subscribe again at any time in your billing settings.\n"
                            + "\nThank you for using Sparks.\n"));
        }
        return Optional.empty();
    }

    private static String plan(String id) {
        return id == null || id.isEmpty() ? "" : Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }
}
