package dev.sparks.notification.payment;

import dev.sparks.notification.mail.Mail;
import dev.sparks.notification.mail.MailQueue;
import dev.sparks.platform.messaging.ConsumedRecord;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues the mails about payments, once per event (reference {@code payment:<event id>}, see
 * {@link MailQueue}): every failed attempt, an attempt waiting for the customer, the last attempt
 * failing, a refund. Dunning's end is mailed when subscription-service announces what it did
 * (transition {@code dunning_paused} or {@code dunning_canceled} on subscription.state.v1), since
 * only that service knows the configured policy. Successes, requests and disputes mail nothing
 * (the invoice mail already told the amount; disputes are the admins' business).
 */
@Service
public class PaymentNotifier {

    private final MailQueue mails;

    PaymentNotifier(MailQueue mails) {
        this.mails = mails;
    }

    @Transactional
    public void paymentEvent(ConsumedRecord<PaymentEvent> record) {
        PaymentEvent payment = record.value();
        mail(payment).ifPresent(mail -> mails.enqueue(payment.getCustomerId(), "payment:" + payment.getEventId(),
                MailQueue.Origin.of(record, payment.getEventId()), mail));
    }

    /** A subscription paused or canceled by dunning: what happens now. Other changes mail nothing here. */
    @Transactional
    public void subscriptionChanged(ConsumedRecord<SubscriptionStateChanged> record) {
        SubscriptionStateChanged state = record.value();
        SuspensionMail.of(state).ifPresent(mail -> mails.enqueue(state.getCustomerId(), "dunning:" + state.getEventId(),
                MailQueue.Origin.of(record, state.getEventId()), mail));
    }

    static Optional<Mail> mail(PaymentEvent payment) {
        return switch (payment.getType()) {
            case FAILED -> Optional.of(payment.getFinalAttempt() ? PaymentMail.finalFailure(payment) : PaymentMail.failed(payment));
            case REQUIRES_ACTION -> Optional.of(PaymentMail.requiresAction(payment));
            case REFUNDED -> Optional.of(PaymentMail.refunded(payment));
            default -> Optional.empty();
        };
    }
}
