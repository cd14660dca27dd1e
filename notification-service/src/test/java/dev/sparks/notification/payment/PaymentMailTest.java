package dev.sparks.notification.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.notification.NotificationTestSupport;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.subscription.SubscriptionState;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.topic.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * payment.events.v1 to the customer's mailbox: each failed attempt with its amount, reason in words,
 * next attempt and link; the confirmation a payment needs; the final failure; the refund; and the
 * subscription that dunning paused. Once per event, however often it is delivered.
 */
class PaymentMailTest extends NotificationTestSupport {

    private static final String PORTAL = "https://billing.stripe.test/p/session/test_123";

    private static PaymentEvent.Builder payment(String customer, PaymentEventType type) {
        return PaymentEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(NOW)
                .setCustomerId(customer).setProducer("payment-gateway-service").setType(type).setPaymentId("pi_1")
                .setInvoiceId(UUID.randomUUID().toString()).setAmountMinor(123456).setCurrency("USD");
    }

    private void send(PaymentEvent event) {
        send(Topics.PAYMENT_EVENTS, event.getCustomerId(), event);
    }

    @Test
    void eachFailedAttemptIsMailedOnceWithTheAmountTheReasonTheNextAttemptAndWhereToUpdateTheCard() {
        String customer = customerWithEmail("declined", "Ada");
        PaymentEvent failed = payment(customer, PaymentEventType.FAILED).setAttempt(1).setDeclineCode("insufficient_funds")
                .setFailureReason("Your card has insufficient funds.").setNextAttemptAt(NOW.plus(Duration.ofDays(3)))
                .setActionUrl(PORTAL).build();
        send(failed);
        send(failed);
        send(payment(customer, PaymentEventType.SUCCEEDED).build()); // no mail
        send(payment(customer, PaymentEventType.FAILED).setAttempt(2).setDeclineCode("expired_card")
                .setNextAttemptAt(NOW.plus(Duration.ofDays(5))).build());

        awaitMails(customer, 2);
        assertThat(subjects(customer)).containsExactly("We could not collect your payment of $1,234.56",
                "We could not collect your payment of $1,234.56");
        assertThat(body(mailTo(customer).getFirst())).startsWith("Hello Ada,")
                .contains("we could not collect your payment of $1,234.56 on 15 October 2026: the card has insufficient funds.")
                .contains("We will try again on 18 October 2026.")
                .contains("update your payment method:").contains(PORTAL);
        assertThat(body(mailTo(customer).getLast())).contains("the card has expired")
                .contains("We will try again on 20 October 2026.").contains("in your billing settings.");
    }

    @Test
    void aPaymentNeedingAuthenticationAFinalFailureAndARefundEachGetTheirMail() {
        String customer = customerWithEmail("action", null);
        send(payment(customer, PaymentEventType.REQUIRES_ACTION).setActionUrl("https://hooks.stripe.test/3ds/abc").build());
        send(payment(customer, PaymentEventType.FAILED).setAttempt(4).setFinalAttempt(true).setDeclineCode("lost_card")
                .setFailureReason("Your card was declined.").setActionUrl(PORTAL).build());
        send(payment(customer, PaymentEventType.REFUNDED).setRefundedMinor(50000).build());

        awaitMails(customer, 3);
        assertThat(subjects(customer)).containsExactly("Please confirm your payment of $1,234.56",
                "Final notice: your payment of $1,234.56 could not be collected", "We refunded $500.00");
        assertThat(body(mailTo(customer).get(0))).contains("https://hooks.stripe.test/3ds/abc");
        assertThat(body(mailTo(customer).get(1)))
                .as("a code hinting at fraud reads as the provider's plain message")
                .contains("failed on 15 October 2026: your card was declined.")
                .contains("We will not try again").contains(PORTAL);
        assertThat(body(mailTo(customer).get(2))).contains("we refunded $500.00 of your payment of $1,234.56 on 15 October 2026");
    }

    @Test
    void aSubscriptionPausedByDunningIsToldWhatHappensNow() {
        String customer = customerWithEmail("paused", "Ada");
        send(Topics.SUBSCRIPTION_STATE, customer, SubscriptionStateChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(NOW).setCustomerId(customer)
                .setProducer("subscription-service").setPlan("starter").setStatus("paused")
                .setState(SubscriptionState.PAUSED).setTransition("dunning_paused")
                .setIncludedSparks(new BigDecimal("200000.000000")).setEmail(customer + "@example.com")
                .setDisplayName("Ada").build());

        awaitMails(customer, 1);
        assertThat(subjects(customer)).containsExactly("Your Sparks Starter subscription is paused");
        assertThat(body(mailTo(customer).getFirst())).contains("paused on 15 October 2026").contains("resume");
    }
}
