package dev.sparks.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import org.junit.jupiter.api.Test;

/** A signed-in customer reaches Stripe's hosted pages for itself only; an operator names the customer. */
class BillingEndpointsTest extends PaymentTestSupport {

    @Test
    void aCustomerGetsCheckoutAndPortalForItselfButNotForAnotherCustomer() {
        String ada = newCustomer("ada");
        String bob = newCustomer("bob");

        Response checkout = post("/api/billing/payment-method", customerToken(ada));
        Response someoneElses = post("/api/billing/portal?customer_id=" + bob, customerToken(ada));
        Response unsigned = post("/api/billing/portal", "not-a-token");

        assertThat(checkout.status()).isEqualTo(200);
        assertThat(checkout.body().get("url").asString()).startsWith(STRIPE.apiBase() + "/checkout/cs_test_");
        assertThat(someoneElses.status()).isEqualTo(404);
        assertThat(someoneElses.contentType()).startsWith("application/problem+json");
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(STRIPE.customers()).noneMatch(customer -> bob.equals(customer.getMetadata().get("sparks_customer_id")));
    }

    @Test
    void anOperatorOpensTheBillingPortalForANamedCustomer() {
        String customer = newCustomer("operator");

        Response portal = post("/api/billing/portal?customer_id=" + customer, EmbeddedInfrastructure.API_KEY);

        assertThat(portal.status()).isEqualTo(200);
        assertThat(portal.body().get("url").asString()).startsWith(STRIPE.apiBase() + "/portal/bps_");
    }
}
