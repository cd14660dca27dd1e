package dev.sparks.invoicing.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.InvoicingTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad requests answer 400 problem+json naming the field, and change nothing. */
class BadInputTest extends InvoicingTestSupport {

    private void assertRefused(Response response, String field) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("field").asString()).isEqualTo(field);
    }

    @Test
    void missingOrMalformedParametersAndBodiesNameTheField() {
        String customer = newCustomer("bad-input");

        assertRefused(admin("GET", "/v1/admin/reconciliation", null), "month");
        assertRefused(admin("GET", "/v1/admin/reconciliation?month=November", null), "month");
        assertRefused(admin("GET", "/v1/invoices", null), "customer_id");
        assertRefused(admin("POST", "/v1/admin/customers/" + customer + "/invoice-items", "{not json"), "body");
        assertRefused(admin("POST", "/v1/admin/customers/" + customer + "/invoice-items",
                "{\"kind\":\"add_on\",\"description\":\"Token pack\",\"quantity\":0,\"amount_minor\":500}"), "quantity");
        assertRefused(admin("POST", "/v1/admin/customers/" + customer + "/invoice-items",
                "{\"kind\":\"gift\",\"description\":\"Token pack\",\"amount_minor\":500}"), "kind");
        assertRefused(admin("POST", "/v1/admin/customers/" + customer + "/invoice-items",
                "{\"kind\":\"credit\",\"description\":\"Goodwill\",\"amount_minor\":-5}"), "amount_minor");
        assertThat(admin("GET", "/v1/invoices/not-a-uuid", null).status()).isEqualTo(404);

        assertThat(admin("GET", "/v1/invoices/upcoming?customer_id=" + customer, null).status())
                .as("no item was stored, so there is nothing to bill").isEqualTo(404);
    }

    @Test
    // the failure before the bound was a request that never ended (a billion-digit number rescaled)
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void numbersWithAHugeExponentAreRefusedNamingTheFieldAndStoreNothing() {
        String customer = newCustomer("exponent");
        String path = "/v1/admin/customers/" + customer + "/invoice-items";

        assertRefused(admin("POST", path, "{\"kind\":\"add_on\",\"description\":\"Pack\",\"quantity\":1e999999999,\"amount_minor\":500}"),
                "quantity");
        assertRefused(admin("POST", path, "{\"kind\":\"add_on\",\"description\":\"Pack\",\"quantity\":1e-999999999,\"amount_minor\":500}"),
                "quantity");
        assertRefused(admin("POST", path, "{\"kind\":\"credit\",\"description\":\"Goodwill\",\"amount_minor\":1e999999999}"),
                "amount_minor");

        assertThat(admin("GET", "/v1/invoices/upcoming?customer_id=" + customer, null).status())
                .as("no item was stored").isEqualTo(404);
    }
}
