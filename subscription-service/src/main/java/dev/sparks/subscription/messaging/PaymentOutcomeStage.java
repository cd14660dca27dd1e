package dev.sparks.subscription.messaging;

import dev.sparks.platform.messaging.StageListeners;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.subscription.customer.Customers;
import dev.sparks.subscription.lifecycle.PaymentOutcome;
import dev.sparks.subscription.lifecycle.PaymentOutcomes;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * payment.events.v1 → the subscription's payment state (past_due, recovered, dunning's end) and
 * whether a payment method is on file (a trial converts to a paid plan only with one), once per event.
 */
@Configuration(proxyBeanMethods = false)
class PaymentOutcomeStage {

    static final String ACTOR = "payments";

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> paymentOutcomeListener(StageListeners stages,
            TransactionTemplate transactions, PaymentOutcomes outcomes, Customers customers) {
        return stages.idempotentStage("subscription-payments", Topics.PAYMENT_EVENTS, Topics.SUBSCRIPTION_DEAD_LETTERS,
                transactions, payment -> {
                    PaymentEvent event = payment.value();
                    switch (event.getType()) {
                        case PAYMENT_METHOD_ATTACHED -> customers.link(event.getCustomerId(), null, event.getStripeCustomerId(), true);
                        case PAYMENT_METHOD_REMOVED -> customers.link(event.getCustomerId(), null, null, false);
                        default -> outcome(event).ifPresent(outcome -> outcomes.apply(event.getCustomerId(), outcome, ACTOR));
                    }
                });
    }

    /** Refunds, disputes, requests and actions asked of the customer leave the subscription as it is. */
    static Optional<PaymentOutcome> outcome(PaymentEvent event) {
        return switch (event.getType()) {
            case FAILED -> Optional.of(new PaymentOutcome.Failed(event.getInvoiceId(), event.getAttempt(),
                    event.getFinalAttempt()));
            case SUCCEEDED -> Optional.of(new PaymentOutcome.Paid(event.getInvoiceId()));
            case UNCOLLECTIBLE -> Optional.of(new PaymentOutcome.GivenUp(event.getInvoiceId()));
            default -> Optional.empty();
        };
    }
}
