package dev.sparks.payment;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_ATTEMPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.embedded.stripe.StripeStandIn;
import dev.sparks.payment.persistence.jooq.tables.records.PaymentRequestRecord;
import dev.sparks.payment.request.PaymentRequests;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A finalized invoice becomes one PaymentIntent on the customer's saved card, whatever Stripe's weather. */
class ChargingTest extends PaymentTestSupport {

    private static List<StripeStandIn.Request> requestsWithKey(String key) {
        return STRIPE.requests().stream().filter(request -> key.equals(request.idempotencyKey())).toList();
    }

    @Test
    void aFinalizedInvoiceIsChargedOnceToTheSavedCardAndAnnouncedAsSucceeded() {
        String customer = newCustomer("visa");
        customerSavesCard(customer, "pm_card_visa");

        InvoiceEvent invoice = invoiceFinalized(customer, 2_900);

        PaymentRequestRecord paid = awaitPayment(invoice, "succeeded");
        awaitWebhooksSettled();
        assertThat(stripeIntentsFor(invoice)).isEqualTo(1);
        assertThat(STRIPE.paymentIntents()).filteredOn(pi -> pi.getId().equals(paid.getStripePaymentIntentId()))
                .singleElement().satisfies(pi -> {
                    assertThat(pi.getAmount()).isEqualTo(2_900L);
                    assertThat(pi.getCurrency()).isEqualTo("usd");
                    assertThat(pi.getMetadata()).containsEntry("invoice_number", invoice.getInvoiceNumber()).containsEntry("attempt", "1");
                });
        // charge.succeeded and payment_intent.succeeded both arrived: one SUCCEEDED, announced once.
        assertThat(announcedTypes(customer)).containsExactly(PaymentEventType.REQUESTED,
                PaymentEventType.SUCCEEDED);
        List<PaymentEvent> onKafka = paymentEvents(invoice, PaymentEventType.SUCCEEDED, 1);
        assertThat(onKafka).singleElement().satisfies(event -> {
            assertThat(event.getAmountMinor()).isEqualTo(2_900L);
            assertThat(event.getAttempt()).isEqualTo(1);
        });
    }

    @Test
    void theStripeCustomerIsCreatedOnceHoweverOftenItIsNeeded() {
        String customer = newCustomer("once");
        customerSavesCard(customer, "pm_card_visa");
        customerSavesCard(customer, "pm_card_visa");
        assertThat(post("/api/billing/portal", customerToken(customer)).body().get("url").asString()).contains("/portal/");

        assertThat(STRIPE.customers()).filteredOn(c -> customer.equals(c.getMetadata().get("sparks_customer_id"))).hasSize(1);
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedWithTheSameKeyAndChargeOnce() {
        String customer = newCustomer("flaky");
        customerSavesCard(customer, "pm_card_visa");
        STRIPE.failNext("/v1/payment_intents", 1, 429);
        STRIPE.failNext("/v1/payment_intents", 1, 500);

        InvoiceEvent invoice = invoiceFinalized(customer, 9_900);

        awaitPayment(invoice, "succeeded");
        String key = PaymentRequests.attemptKey(UUID.fromString(invoice.getInvoiceId()), 1);
        assertThat(requestsWithKey(key)).extracting(StripeStandIn.Request::status).containsExactly(429, 500, 200);
        assertThat(stripeIntentsFor(invoice)).isEqualTo(1);
    }

    @Test
    void anAnswerLostToATimeoutIsAskedAgainWithTheSameKeyAndStripeReplaysTheOneCharge() {
        String customer = newCustomer("timeout");
        customerSavesCard(customer, "pm_card_visa");
        STRIPE.delayNext("/v1/payment_intents", 1, Duration.ofMillis(1_500)); // longer than the 1 s read timeout

        InvoiceEvent invoice = invoiceFinalized(customer, 4_200);

        awaitPayment(invoice, "succeeded"); // the webhook may tell before the retried call does
        String key = PaymentRequests.attemptKey(UUID.fromString(invoice.getInvoiceId()), 1);
        await(() -> requestsWithKey(key).size() >= 2, "the call asked again after its timeout");
        assertThat(requestsWithKey(key)).last()
                .satisfies(request -> assertThat(request.replayed()).isTrue());
        assertThat(stripeIntentsFor(invoice)).isEqualTo(1);
    }

    @Test
    void aDeclinedCardFailsThePaymentWithStripesDeclineCodeAndTheInvoiceStaysUnpaid() {
        String customer = newCustomer("declined");
        customerSavesCard(customer, "pm_card_chargeDeclinedInsufficientFunds");

        InvoiceEvent invoice = invoiceFinalized(customer, 2_900);

        PaymentRequestRecord failed = awaitPayment(invoice, "failed");
        awaitWebhooksSettled();
        assertThat(failed.getDeclineCode()).isEqualTo("insufficient_funds");
        assertThat(payment(invoice).getStatus()).isEqualTo("failed");
        assertThat(announced(customer)).filteredOn(event -> event.getType() == PaymentEventType.FAILED).singleElement()
                .satisfies(event -> {
                    assertThat(event.getDeclineCode()).isEqualTo("insufficient_funds");
                    assertThat(event.getFailureReason()).contains("insufficient funds");
                });
        assertThat(announcedTypes(customer)).doesNotContain(PaymentEventType.SUCCEEDED);
    }

    @Test
    void aCardNeedingAuthenticationAsksTheCustomerToActAndIsPaidOnceTheyDo() {
        String customer = newCustomer("3ds");
        customerSavesCard(customer, "pm_card_authenticationRequired");

        InvoiceEvent invoice = invoiceFinalized(customer, 2_900);

        PaymentRequestRecord waiting = awaitPayment(invoice, "requires_action");
        awaitWebhooksSettled();
        assertThat(waiting.getActionUrl()).contains("/authenticate/" + waiting.getStripePaymentIntentId());
        assertThat(announced(customer)).filteredOn(event -> event.getType() == PaymentEventType.REQUIRES_ACTION)
                .singleElement().satisfies(event -> assertThat(event.getActionUrl()).isEqualTo(waiting.getActionUrl()));

        completeAuthentication(waiting.getActionUrl()); // the customer follows the link and authenticates

        awaitPayment(invoice, "succeeded");
        assertThat(stripeIntentsFor(invoice)).isEqualTo(1);
    }

    private static void completeAuthentication(String actionUrl) {
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(actionUrl))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void withoutACardNothingIsChargedUntilTheCustomerSavesOneThenTheInvoiceIsChargedAtOnce() {
        String customer = newCustomer("nocard");
        InvoiceEvent invoice = invoiceFinalized(customer, 1_500);
        await(() -> payment(invoice) != null && payment(invoice).getAttempts() == 1, "the payment request");
        await(() -> db.fetchExists(dev.sparks.payment.persistence.jooq.Tables.PAYMENT_ATTEMPT,
                dev.sparks.payment.persistence.jooq.Tables.PAYMENT_ATTEMPT.STATUS.eq("no_payment_method")
                        .and(dev.sparks.payment.persistence.jooq.Tables.PAYMENT_ATTEMPT.PAYMENT_ID.eq(payment(invoice).getPaymentId()))),
                "the attempt to find no card");
        assertThat(payment(invoice).getStatus()).isEqualTo("requested");
        assertThat(stripeIntentsFor(invoice)).isZero();

        customerSavesCard(customer, "pm_card_visa");

        PaymentRequestRecord paid = awaitPayment(invoice, "succeeded");
        assertThat(paid.getAttempts()).isEqualTo(2);
        assertThat(stripeIntentsFor(invoice)).isEqualTo(1);
        // Subscription-service learns that a card is on file (a trial converts only with one).
        assertThat(announced(customer)).filteredOn(event -> event.getType() == PaymentEventType.PAYMENT_METHOD_ATTACHED)
                .singleElement().satisfies(event -> assertThat(event.getStripeCustomerId()).startsWith("cus_"));
    }

    @Test
    void whileStripeIsDownTheAttemptWaitsInTheDatabaseAndIsChargedOnceStripeIsBack() {
        String customer = newCustomer("outage");
        customerSavesCard(customer, "pm_card_visa");
        STRIPE.failNext("/v1/payment_intents", 4, 503); // every try of the first round

        InvoiceEvent invoice = invoiceFinalized(customer, 7_700);

        await(() -> payment(invoice) != null && db.fetchExists(PAYMENT_ATTEMPT, PAYMENT_ATTEMPT.PAYMENT_ID
                .eq(payment(invoice).getPaymentId()).and(PAYMENT_ATTEMPT.TRIES.eq(1)).and(PAYMENT_ATTEMPT.STATUS.eq("pending"))),
                "the attempt to wait");
        assertThat(payment(invoice).getStatus()).isEqualTo("requested");
        assertThat(stripeIntentsFor(invoice)).isZero();

        CLOCK.advance(Duration.ofSeconds(1)); // past the attempt's backoff (300 ms here)

        awaitPayment(invoice, "succeeded");
        assertThat(stripeIntentsFor(invoice)).isEqualTo(1);
    }

    @Test
    void aChargeStripeRefusesIsListedForOperatorsAndTheirRetryIsANewAttempt() {
        String customer = newCustomer("refused");
        customerSavesCard(customer, "pm_card_visa");
        STRIPE.failNext("/v1/payment_intents", 1, 400);
        InvoiceEvent invoice = invoiceFinalized(customer, 1_100);
        await(() -> payment(invoice) != null && db.fetchExists(PAYMENT_ATTEMPT, PAYMENT_ATTEMPT.PAYMENT_ID
                .eq(payment(invoice).getPaymentId()).and(PAYMENT_ATTEMPT.STATUS.eq("error"))), "the refused attempt");
        String id = payment(invoice).getPaymentId() + ":1";

        Response errors = get("/v1/admin/payments/errors", dev.sparks.platform.testing.EmbeddedInfrastructure.API_KEY);
        Response retry = post("/v1/admin/payments/errors/" + id + "/retry", dev.sparks.platform.testing.EmbeddedInfrastructure.API_KEY);
        Response byCustomer = get("/v1/admin/payments/errors", customerToken(customer));

        List<String> listed = new java.util.ArrayList<>();
        errors.body().forEach(error -> listed.add(error.get("id").asString()));
        assertThat(listed).contains(id);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(byCustomer.status()).isEqualTo(403);
        PaymentRequestRecord paid = awaitPayment(invoice, "succeeded");
        assertThat(paid.getAttempts()).isEqualTo(2);
        assertThat(stripeIntentsFor(invoice)).isEqualTo(1);
    }
}
