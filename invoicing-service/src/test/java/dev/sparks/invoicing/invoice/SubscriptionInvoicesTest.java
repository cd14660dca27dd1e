package dev.sparks.invoicing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.InvoicingTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Subscription fees from the history invoicing received: proration by the millisecond over the
 * invoice's period (November 2026 has 30 days: a day is 1/30 of the price).
 */
class SubscriptionInvoicesTest extends InvoicingTestSupport {

    private static final long STARTER = 2900;
    private static final long PRO = 9900;

    private JsonNode closeNovemberAndRead(String customer) {
        CLOCK.set(at("2026-12-01T01:00:00Z"));
        closer.closeDue();
        List<JsonNode> november = invoicesOf(customer).stream()
                .filter(each -> each.get("period").asString().equals("2026-11")).toList();
        assertThat(november).hasSize(1);
        JsonNode invoice = invoice(november.getFirst().get("invoice_id").asString());
        assertThat(invoice.get("invoice").get("total_minor").asLong()).isEqualTo(sumOfLines(invoice));
        return invoice;
    }

    @Test
    void anUpgradeMidPeriodBillsEachPlanForItsShareOfThePeriod() {
        String customer = newCustomer("upgrade");
        CLOCK.set(at("2026-11-01T00:00:00Z"));
        subscription(customer, "starter", "active", STARTER, "200000", true, false, at("2026-10-01T00:00:00Z"), "subscribe");
        subscription(customer, "pro", "active", PRO, "1000000", true, false, at("2026-11-11T00:00:00Z"), "upgrade");

        JsonNode invoice = closeNovemberAndRead(customer);

        List<JsonNode> fees = linesIn(invoice, "Subscription");
        assertThat(fees).hasSize(2);
        assertThat(fees.get(0).get("description").asString()).startsWith("Starter plan (monthly), 1 Nov 2026 – 10 Nov 2026");
        assertThat(fees.get(0).get("amount_minor").asLong()).as("10/30 of 29.00").isEqualTo(967);
        assertThat(fees.get(1).get("amount_minor").asLong()).as("20/30 of 99.00").isEqualTo(6600);
    }

    @Test
    void aDowngradeAtOnceBillsTheCheaperPlanFromTheDayItTookEffect() {
        String customer = newCustomer("downgrade");
        CLOCK.set(at("2026-11-01T00:00:00Z"));
        subscription(customer, "pro", "active", PRO, "1000000", true, false, at("2026-10-01T00:00:00Z"), "subscribe");
        subscription(customer, "starter", "active", STARTER, "200000", true, false, at("2026-11-21T00:00:00Z"), "downgrade_now");

        JsonNode invoice = closeNovemberAndRead(customer);

        // Pro for 20 of 30 days: 6600; Starter for the last 10: round(2900) − round(2900·20/30) = 2900 − 1933 = 967.
        assertThat(linesIn(invoice, "Subscription")).extracting(line -> line.get("amount_minor").asLong())
                .containsExactly(6600L, 967L);
    }

    @Test
    void anAddOnForACustomerWithoutUsageOrPlanIsBilledAtTheEndOfThePeriod() {
        String customer = newCustomer("add-on-only");
        CLOCK.set(at("2026-11-20T00:00:00Z"));
        assertThat(admin("POST", "/v1/admin/customers/" + customer + "/invoice-items",
                "{\"kind\":\"add_on\",\"description\":\"Token pack 1M\",\"amount_minor\":4900}").status()).isEqualTo(201);

        JsonNode invoice = closeNovemberAndRead(customer);

        assertThat(linesIn(invoice, "Add-ons")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).isEqualTo(4900));
    }

    @Test
    void aPauseCostsNothingAndAMidPeriodStartPaysFromItsStart() {
        String paused = newCustomer("paused");
        String started = newCustomer("started");
        CLOCK.set(at("2026-11-01T00:00:00Z"));
        subscription(paused, "starter", "active", STARTER, "200000", true, false, at("2026-10-01T00:00:00Z"), "subscribe");
        subscription(paused, "starter", "paused", STARTER, "200000", true, false, at("2026-11-07T00:00:00Z"), "pause");
        subscription(paused, "starter", "active", STARTER, "200000", true, false, at("2026-11-22T00:00:00Z"), "resume");
        subscription(started, "free", "active", 0, "10000", false, false, at("2026-11-01T00:00:00Z"), "created");
        subscription(started, "pro", "active", PRO, "1000000", true, false, at("2026-11-16T00:00:00Z"), "subscribe");

        JsonNode pausedInvoice = closeNovemberAndRead(paused);
        JsonNode startedInvoice = closeNovemberAndRead(started);

        assertThat(linesIn(pausedInvoice, "Subscription")).extracting(line -> line.get("amount_minor").asLong())
                .as("6 days then 9 days of 29.00 / 30 days").containsExactly(580L, 870L);
        assertThat(linesIn(startedInvoice, "Subscription")).extracting(line -> line.get("amount_minor").asLong())
                .as("15 of 30 days of Pro").containsExactly(4950L);
    }

    @Test
    void anAnnualPlanShowsItsDiscountAndAWholePeriodCostsExactlyThePrice() {
        String customer = newCustomer("annual");
        CLOCK.set(at("2026-11-01T00:00:00Z"));
        subscription(customer, "pro", "active", PRO, "1000000", true, true, at("2026-10-01T00:00:00Z"), "subscribe");
        subscription(customer, "pro", "active", PRO, "1000000", true, true, at("2026-11-09T13:14:15Z"), "contact_updated");

        JsonNode invoice = closeNovemberAndRead(customer);

        assertThat(linesIn(invoice, "Subscription")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).isEqualTo(PRO));
        assertThat(linesIn(invoice, "Discounts")).singleElement().satisfies(line -> {
            assertThat(line.get("description").asString()).contains("15% off Pro");
            assertThat(line.get("amount_minor").asLong()).isEqualTo(-1485);
        });
        assertThat(invoice.get("invoice").get("total_minor").asLong()).isEqualTo(8415);
    }

    @Test
    void aPayingCustomerWithoutUsageGetsItsFeeAndAFreeOneWithoutUsageNoInvoice() {
        String paying = newCustomer("no-usage");
        String free = newCustomer("free-no-usage");
        CLOCK.set(at("2026-11-01T00:00:00Z"));
        subscription(paying, "starter", "active", STARTER, "200000", true, false, at("2026-10-01T00:00:00Z"), "subscribe");
        subscription(free, "free", "active", 0, "10000", false, false, at("2026-10-01T00:00:00Z"), "created");

        JsonNode invoice = closeNovemberAndRead(paying);

        assertThat(invoice.get("lines")).hasSize(1);
        assertThat(invoice.get("invoice").get("total_minor").asLong()).isEqualTo(STARTER);
        assertThat(invoicesOf(free)).isEmpty();
    }

    @Test
    void aFreePlanIsAHardLimitAndAnInvoiceOfZeroIsPaidAtOnce() {
        String customer = newCustomer("free-usage");
        CLOCK.set(at("2026-11-01T00:00:00Z"));
        subscription(customer, "free", "active", 0, "10000", false, false, at("2026-10-01T00:00:00Z"), "created");
        usage(customer, "ai_tokens", "ai_tokens", "120000", "12000", at("2026-11-03T00:00:00Z"));

        JsonNode invoice = closeNovemberAndRead(customer);

        assertThat(linesIn(invoice, "Usage")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).isEqualTo(1200));
        assertThat(linesIn(invoice, "Allowance")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).isEqualTo(-1200));
        assertThat(invoice.get("invoice").get("total_minor").asLong()).isZero();
        assertThat(invoice.get("invoice").get("status").asString()).isEqualTo("paid");
    }

    @Test
    void usageDatedBeforeTheCustomerExistedIsGovernedByThePlanItWasCreatedOn() {
        String customer = newCustomer("backdated");
        CLOCK.set(at("2026-12-02T10:00:00Z"));
        subscription(customer, "free", "active", 0, "10000", false, false, at("2026-12-02T10:00:00Z"), "created");
        usage(customer, "ai_tokens", "ai_tokens", "120000", "12000", at("2026-11-20T00:00:00Z"));

        CLOCK.set(at("2026-12-02T11:00:00Z"));
        closer.closeDue();

        List<JsonNode> november = invoicesOf(customer).stream()
                .filter(each -> each.get("period").asString().equals("2026-11")).toList();
        assertThat(november).hasSize(1);
        JsonNode invoice = invoice(november.getFirst().get("invoice_id").asString());
        assertThat(linesIn(invoice, "Subscription")).as("no fee before the customer existed").isEmpty();
        assertThat(linesIn(invoice, "Allowance")).singleElement().satisfies(line -> assertThat(line.get("description")
                .asString()).startsWith("Included in Free"));
        assertThat(invoice.get("invoice").get("total_minor").asLong())
                .as("Free is a hard limit: never charged beyond its allowance").isZero();
    }

    @Test
    void overageBeyondTheAllowanceIsBilledAndCreditsNeverMakeAnInvoiceNegative() {
        String customer = newCustomer("overage");
        CLOCK.set(at("2026-11-01T00:00:00Z"));
        subscription(customer, "starter", "active", STARTER, "200000", true, false, at("2026-10-01T00:00:00Z"), "subscribe");
        CLOCK.set(at("2026-11-01T02:00:00Z"));
        closer.closeDue();
        usage(customer, "ai_tokens", "ai_tokens", "2500000", "250000", at("2026-11-03T00:00:00Z"));
        admin("POST", "/v1/admin/customers/" + customer + "/invoice-items",
                "{\"kind\":\"add_on\",\"description\":\"Extra chatbots x2\",\"quantity\":2,\"amount_minor\":1000}");
        admin("POST", "/v1/admin/customers/" + customer + "/invoice-items",
                "{\"kind\":\"credit\",\"description\":\"Goodwill credit\",\"amount_minor\":100000}");

        JsonNode invoice = closeNovemberAndRead(customer);

        assertThat(linesIn(invoice, "Allowance")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).isEqualTo(-20000));
        // No rate card published in this test: the configured rate applies and there is no volume discount.
        assertThat(linesIn(invoice, "Add-ons")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).isEqualTo(1000));
        long owedBeforeCredit = STARTER + 25000 - 20000 + 1000;
        assertThat(linesIn(invoice, "Credits")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).isEqualTo(-owedBeforeCredit));
        assertThat(invoice.get("invoice").get("total_minor").asLong()).isZero();

        JsonNode upcoming = admin("GET", "/v1/invoices/upcoming?customer_id=" + customer, null).body();
        assertThat(linesIn(upcoming, "Credits")).as("what the credit did not use waits for the next invoice")
                .singleElement().satisfies(line -> assertThat(line.get("amount_minor").asLong()).isNegative());
    }
}
