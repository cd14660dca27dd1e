package dev.sparks.embedded.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The stand-in as stripe-java sees it: every answer here was parsed by stripe-java itself. */
class StripeStandInTest {

    private static final String KEY = "sk_test_standin";
    private static final String SECRET = "whsec_standin";
    private static final StripeStandIn STRIPE = StripeStandIn.start(0, KEY, Clock.systemUTC());
    private static final StripeClient CLIENT = StripeClient.builder().setApiKey(KEY).setApiBase(STRIPE.apiBase())
            .setMaxNetworkRetries(0).build();

    @AfterAll
    static void stop() {
        STRIPE.close();
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    @Test
    void sameIdempotencyKeyAndParametersAnswersTheSameCustomerAndOtherParametersAreRefused() throws Exception {
        CustomerCreateParams params = CustomerCreateParams.builder().putMetadata("sparks_customer_id", "acme").build();
        Customer first = CLIENT.v1().customers().create(params, key("customer-acme"));
        Customer again = CLIENT.v1().customers().create(params, key("customer-acme"));

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(first.getMetadata()).containsEntry("sparks_customer_id", "acme");
        assertThatThrownBy(() -> CLIENT.v1().customers().create(
                CustomerCreateParams.builder().putMetadata("sparks_customer_id", "other").build(), key("customer-acme")))
                .isInstanceOf(IdempotencyException.class);
    }

    @Test
    void declinedCardAnswersACardErrorWithItsDeclineCodeAndTheIntent() throws Exception {
        Customer customer = CLIENT.v1().customers().create(CustomerCreateParams.builder().build());
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder().setAmount(2900L).setCurrency("usd")
                .setCustomer(customer.getId()).setPaymentMethod("pm_card_chargeDeclinedInsufficientFunds")
                .setConfirm(true).setOffSession(true).build();

        assertThatThrownBy(() -> CLIENT.v1().paymentIntents().create(params, key("declined-1")))
                .isInstanceOfSatisfying(CardException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("card_declined");
                    assertThat(e.getDeclineCode()).isEqualTo("insufficient_funds");
                    assertThat(e.getStripeError().getPaymentIntent().getStatus()).isEqualTo("requires_payment_method");
                });
    }

    @Test
    void injectedRateLimitDoesNotRunTheRequestAndTheRetryChargesOnce() throws Exception {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder().setAmount(990L).setCurrency("usd")
                .setPaymentMethod("pm_card_visa").setConfirm(true).putMetadata("invoice_id", "rate-limited").build();
        STRIPE.failNext(1, 429);

        assertThatThrownBy(() -> CLIENT.v1().paymentIntents().create(params, key("pay-rl"))).isInstanceOf(RateLimitException.class);
        PaymentIntent paid = CLIENT.v1().paymentIntents().create(params, key("pay-rl"));
        PaymentIntent replayed = CLIENT.v1().paymentIntents().create(params, key("pay-rl"));

        assertThat(paid.getStatus()).isEqualTo("succeeded");
        assertThat(replayed.getId()).isEqualTo(paid.getId());
        assertThat(STRIPE.paymentIntents()).filteredOn(pi -> "rate-limited".equals(pi.getMetadata().get("invoice_id"))).hasSize(1);
    }

    @Test
    void webhooksAreSignedTheWayStripeJavaVerifiesThem() throws Exception {
        List<Event> received = new CopyOnWriteArrayList<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/stripe/webhook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                received.add(Webhook.constructEvent(body, exchange.getRequestHeaders().getFirst("Stripe-Signature"), SECRET));
                exchange.sendResponseHeaders(200, -1);
            } catch (Exception e) {
                exchange.sendResponseHeaders(400, -1);
            }
            exchange.close();
        });
        endpoint.start();
        try {
            STRIPE.webhooks().endpoint(URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/stripe/webhook"), SECRET);
            PaymentIntent paid = CLIENT.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(100L)
                    .setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true).build());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (received.stream().noneMatch(e -> e.getType().equals("payment_intent.succeeded")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Event succeeded = received.stream().filter(e -> e.getType().equals("payment_intent.succeeded")).findFirst().orElseThrow();
            PaymentIntent inEvent = (PaymentIntent) succeeded.getDataObjectDeserializer().getObject().orElseThrow();
            assertThat(inEvent.getId()).isEqualTo(paid.getId());
            assertThat(CLIENT.v1().events().retrieve(succeeded.getId()).getType()).isEqualTo("payment_intent.succeeded");
        } finally {
            STRIPE.webhooks().endpoint(null, null);
            endpoint.stop(0);
        }
    }

    @Test
    void theHostedCheckoutPageSavesTheChosenTestCardOnTheCustomer() throws Exception {
        Customer customer = CLIENT.v1().customers().create(CustomerCreateParams.builder().build());
        var session = CLIENT.v1().checkout().sessions().create(com.stripe.param.checkout.SessionCreateParams.builder()
                .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SETUP).setCustomer(customer.getId())
                .setCurrency("usd").setSuccessUrl("http://example.test/done").build());
        var http = java.net.http.HttpClient.newHttpClient();

        String page = http.send(java.net.http.HttpRequest.newBuilder(URI.create(session.getUrl())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        http.send(java.net.http.HttpRequest.newBuilder(URI.create(session.getUrl() + "?card=pm_card_visa"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());

        assertThat(page).contains("pm_card_visa", "pm_card_chargeDeclined", "pm_card_authenticationRequired");
        var setup = CLIENT.v1().setupIntents().retrieve(session.getSetupIntent());
        assertThat(setup.getStatus()).isEqualTo("succeeded");
        assertThat(CLIENT.v1().paymentMethods().retrieve(setup.getPaymentMethod()).getCustomer()).isEqualTo(customer.getId());
        assertThat(CLIENT.v1().checkout().sessions().retrieve(session.getId()).getStatus()).isEqualTo("complete");
    }
}
