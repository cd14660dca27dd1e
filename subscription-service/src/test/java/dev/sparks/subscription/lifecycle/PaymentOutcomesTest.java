package dev.sparks.subscription.lifecycle;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;
import static dev.sparks.platform.persistence.jooq.Tables.PROCESSED_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.subscription.ServiceTestSupport;
import dev.sparks.subscription.SubscriptionProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** Payment outcomes on payment.events.v1 (and the admin's payment endpoints) drive past_due, recovery and dunning's end. */
class PaymentOutcomesTest extends ServiceTestSupport {

    private static final Instant NOW = Instant.parse("2026-11-03T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired SubscriptionStore store;
    @Autowired TransactionTemplate transactions;

    @BeforeEach
    void resetClock() {
        CLOCK.set(NOW);
    }

    private String paidCustomer(String prefix, String plan) {
        String customer = newCustomerId(prefix);
        assertThat(admin("PUT", "/v1/customers/" + customer, "{\"email\":\"a@b.example\"}").status()).isEqualTo(200);
        assertThat(admin("POST", "/api/billing/subscribe",
                "{\"customer_id\":\"" + customer + "\",\"plan\":\"" + plan + "\",\"trial\":false}").status()).isEqualTo(201);
        return customer;
    }

    private PaymentEvent.Builder payment(String customer, String invoice, PaymentEventType type) {
        return PaymentEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(CLOCK.instant())
                .setCustomerId(customer)
                .setProducer("payment-gateway-service")
                .setType(type)
                .setPaymentId("pay-" + invoice)
                .setInvoiceId(invoice)
                .setAmountMinor(2900)
                .setCurrency("USD");
    }

    private PaymentEvent failed(String customer, String invoice, int attempt, boolean last) {
        return payment(customer, invoice, PaymentEventType.FAILED).setAttempt(attempt).setFinalAttempt(last)
                .setDeclineCode("insufficient_funds").setFailureReason("Your card has insufficient funds.")
                .setNextAttemptAt(last ? null : CLOCK.instant().plus(Duration.ofDays(3))).build();
    }

    private void send(PaymentEvent event) {
        kafka.send(Topics.PAYMENT_EVENTS.name(), event.getCustomerId(),
                serdes.valueSerde(Topics.PAYMENT_EVENTS).serializer().serialize(Topics.PAYMENT_EVENTS.name(), event)).join();
    }

    /** Sends {@code marker} and waits until the stage applied it: events of one customer are applied in order. */
    private void awaitProcessed(PaymentEvent marker) {
        send(marker);
        Awaitility.await().atMost(WAIT).until(() -> db.fetchExists(PROCESSED_EVENT,
                PROCESSED_EVENT.CONSUMER.eq("subscription-payments"), PROCESSED_EVENT.EVENT_ID.eq(marker.getEventId())));
    }

    private String state(String customer) {
        return admin("GET", "/api/billing/subscription?customer_id=" + customer, null).body().get("state").asString();
    }

    private void awaitState(String customer, String state) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(state(customer)).isEqualTo(state));
    }

    private List<String> transitions(String customer) {
        return states(customer).stream().map(SubscriptionStateChanged::getTransition).toList();
    }

    private String authorize(String customer) {
        return admin("POST", "/v1/quota/authorize", "{\"customer_id\":\"" + customer + "\",\"sparks\":1}").body()
                .get("decision").asString();
    }

    @Test
    void aCardSavedThroughStripeIsOnFileAndADetachedOneIsNot() {
        String customer = paidCustomer("card", "starter");
        PaymentEvent attached = payment(customer, "", PaymentEventType.PAYMENT_METHOD_ATTACHED).setPaymentId("")
                .setAmountMinor(0).setStripeCustomerId("cus_card").build();

        awaitProcessed(attached);

        assertThat(db.select(CUSTOMER.HAS_PAYMENT_METHOD, CUSTOMER.STRIPE_CUSTOMER_ID).from(CUSTOMER)
                .where(CUSTOMER.CUSTOMER_ID.eq(customer)).fetchSingle().into(Object[].class)).containsExactly(true, "cus_card");
        assertThat(state(customer)).as("a card changes no state").isEqualTo("active");

        awaitProcessed(payment(customer, "", PaymentEventType.PAYMENT_METHOD_REMOVED).setPaymentId("").setAmountMinor(0).build());

        assertThat(db.select(CUSTOMER.HAS_PAYMENT_METHOD).from(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customer))
                .fetchSingle().value1()).isFalse();
    }

    @Test
    void theFirstFailureMakesTheSubscriptionPastDueAndAPaymentRestoresItOnce() {
        String customer = paidCustomer("dunned", "starter");
        String invoice = UUID.randomUUID().toString();

        send(failed(customer, invoice, 1, false));
        awaitState(customer, "past_due");
        send(failed(customer, invoice, 2, false));
        PaymentEvent paid = payment(customer, invoice, PaymentEventType.SUCCEEDED).setAttempt(3).build();
        send(paid);
        send(paid); // redelivered
        awaitState(customer, "active");

        assertThat(transitions(customer))
                .containsExactly("created", "contact_updated", "subscribe", "payment_failed", "payment_recovered");
        assertThat(states(customer).getLast().getState().name()).isEqualTo("ACTIVE");
    }

    @Test
    void aPaymentOfOneInvoiceDoesNotRestoreACustomerWhoStillOwesAnother() {
        String customer = paidCustomer("two-invoices", "starter");
        String october = UUID.randomUUID().toString();
        String november = UUID.randomUUID().toString();

        send(failed(customer, october, 1, false));
        send(failed(customer, november, 1, false));
        send(payment(customer, november, PaymentEventType.SUCCEEDED).build());
        awaitProcessed(payment(customer, "marker", PaymentEventType.REQUIRES_ACTION).build());
        assertThat(state(customer)).isEqualTo("past_due");

        send(payment(customer, october, PaymentEventType.SUCCEEDED).build());
        awaitState(customer, "active");
    }

    @Test
    void theLastFailedAttemptPausesTheSubscriptionByDefaultAndUsageIsDenied() {
        String customer = paidCustomer("exhausted", "pro");
        String invoice = UUID.randomUUID().toString();

        send(failed(customer, invoice, 1, false));
        awaitState(customer, "past_due");
        send(failed(customer, invoice, 4, true));
        awaitState(customer, "paused");

        assertThat(transitions(customer))
                .containsExactly("created", "contact_updated", "subscribe", "payment_failed", "dunning_paused");
        assertThat(authorize(customer)).isEqualTo("deny");
        // A late failure of the same invoice changes nothing more.
        send(failed(customer, invoice, 4, true));
        awaitProcessed(payment(customer, "marker", PaymentEventType.REFUNDED).build());
        assertThat(transitions(customer)).hasSize(5);
        assertThat(state(customer)).isEqualTo("paused");
    }

    @Test
    void withTheCancelPolicyTheLastFailedAttemptCancelsTheSubscriptionAtOnce() {
        SubscriptionProperties cancelling = new Binder(new MapConfigurationPropertySource(
                Map.of("sparks.subscription.dunning.final-failure", "cancel")))
                .bindOrCreate("sparks.subscription", SubscriptionProperties.class);
        PaymentOutcomes outcomes = new PaymentOutcomes(db, store, CLOCK, cancelling);
        String customer = paidCustomer("canceled", "starter");

        transactions.executeWithoutResult(status -> outcomes.apply(customer, new PaymentOutcome.Failed("inv-1", 1, false), "test"));
        transactions.executeWithoutResult(status -> outcomes.apply(customer, new PaymentOutcome.Failed("inv-1", 4, true), "test"));

        assertThat(state(customer)).isEqualTo("canceled");
        assertThat(transitions(customer)).endsWith("payment_failed", "dunning_canceled");
        assertThat(states(customer).getLast().getCurrentPeriodEnd()).isEqualTo(NOW);
    }

    @Test
    void aPastDueCustomerIsThrottledToTheConfiguredRateWithAWarning() {
        String customer = paidCustomer("throttled", "enterprise"); // its plan allows 200 a second, burst 400
        assertThat(admin("POST", "/v1/admin/customers/" + customer + "/payment-failed", null).body().get("state")
                .asString()).isEqualTo("past_due");

        for (int call = 0; call < 5; call++) { // the default throttle: 1 a second, burst 5
            assertThat(authorize(customer)).as("call %d", call).isEqualTo("allow_with_warning");
        }
        var denied = admin("POST", "/v1/quota/authorize", "{\"customer_id\":\"" + customer + "\",\"sparks\":1}").body();
        assertThat(denied.get("decision").asString()).isEqualTo("deny");
        assertThat(denied.get("reason").asString()).isEqualTo("rate_limited");
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(authorize(customer)).isEqualTo("allow_with_warning");

        assertThat(admin("POST", "/v1/admin/customers/" + customer + "/payment-recovered", null).body().get("state")
                .asString()).isEqualTo("active");
        CLOCK.advance(Duration.ofSeconds(1)); // the bucket the throttle emptied refills at the plan's rate again
        for (int call = 0; call < 10; call++) {
            assertThat(authorize(customer)).as("call %d after recovery", call).isEqualTo("allow");
        }
    }

    @Test
    void theAdminEndpointFollowsTheSameRuleAsTheEvents() {
        String customer = paidCustomer("admin-failed", "starter");
        assertThat(admin("POST", "/v1/admin/customers/" + customer + "/payment-failed", null).status()).isEqualTo(200);
        // Twice is the same as once, as a redelivered failure would be.
        var again = admin("POST", "/v1/admin/customers/" + customer + "/payment-failed", null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("state").asString()).isEqualTo("past_due");
        assertThat(transitions(customer)).containsExactly("created", "contact_updated", "subscribe", "payment_failed");

        String trialing = newCustomerId("trialing");
        admin("PUT", "/v1/customers/" + trialing, "{\"email\":\"a@b.example\"}");
        admin("POST", "/api/billing/subscribe", "{\"customer_id\":\"" + trialing + "\",\"plan\":\"starter\"}");
        assertThat(admin("POST", "/v1/admin/customers/" + trialing + "/payment-failed", null).body().get("state")
                .asString()).isEqualTo("trialing");
        assertThat(admin("POST", "/v1/admin/customers/nobody-" + UUID.randomUUID() + "/payment-failed", null).status())
                .isEqualTo(404);
    }
}
