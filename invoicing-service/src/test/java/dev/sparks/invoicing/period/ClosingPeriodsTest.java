package dev.sparks.invoicing.period;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.InvoicingTestSupport;
import dev.sparks.schemas.usage.RatedUsageEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Period boundaries, the grace period, and usage that arrives after its invoice was finalized. */
class ClosingPeriodsTest extends InvoicingTestSupport {

    @Test
    void eventsBelongToThePeriodOfTheirOccurrenceAndLateOnesWithinGraceStillLandInIt() {
        String customer = newCustomer("boundary");
        CLOCK.set(at("2026-10-31T20:00:00Z"));
        usage(customer, "ai_tokens", "ai_tokens", "100000", "10000", at("2026-10-31T23:59:59.999Z"));
        usage(customer, "ai_tokens", "ai_tokens", "200000", "20000", at("2026-11-01T00:00:00.000Z"));

        CLOCK.set(at("2026-11-01T00:30:00Z"));
        usage(customer, "compute_minutes", "compute", "100", "5000", at("2026-10-31T12:00:00Z"));
        closer.closeDue();
        assertThat(invoicesOf(customer)).as("still within the hour of grace").isEmpty();

        CLOCK.set(at("2026-11-01T01:00:00Z"));
        closer.closeDue();

        List<JsonNode> invoices = invoicesOf(customer);
        assertThat(invoices).singleElement().satisfies(invoice -> {
            assertThat(invoice.get("period").asString()).isEqualTo("2026-10");
            assertThat(invoice.get("total_minor").asLong()).isEqualTo(1_000 + 500);
            assertThat(invoice.get("status").asString()).isEqualTo("finalized");
        });
        JsonNode upcoming = admin("GET", "/v1/invoices/upcoming?customer_id=" + customer, null).body();
        assertThat(upcoming.get("period").asString()).isEqualTo("2026-11");
        assertThat(upcoming.get("status").asString()).isEqualTo("draft");
        assertThat(upcoming.get("usage_sparks").decimalValue()).isEqualByComparingTo("20000");
    }

    @Test
    void usageAndCorrectionsArrivingAfterTheInvoiceGoOnTheNextOneAsAnAdjustmentOfTheirPeriod() {
        String customer = newCustomer("late");
        CLOCK.set(at("2026-10-20T00:00:00Z"));
        RatedUsageEvent october = usage(customer, "ai_tokens", "ai_tokens", "40000", "4000", at("2026-10-10T00:00:00Z"));
        CLOCK.set(at("2026-11-01T02:00:00Z"));
        closer.closeDue();
        assertThat(invoicesOf(customer)).singleElement()
                .satisfies(invoice -> assertThat(invoice.get("total_minor").asLong()).isEqualTo(400));

        usage(customer, "ai_tokens", "ai_tokens", "30000", "3000", at("2026-10-20T00:00:00Z"));
        correction(october, "-1000");
        usage(customer, "ai_tokens", "ai_tokens", "20000", "2000", at("2026-11-05T00:00:00Z"));
        CLOCK.set(at("2026-12-01T02:00:00Z"));
        closer.closeDue();

        List<JsonNode> invoices = invoicesOf(customer);
        assertThat(invoices).hasSize(2);
        JsonNode november = invoice(invoices.getFirst().get("invoice_id").asString());
        assertThat(november.get("invoice").get("period").asString()).isEqualTo("2026-11");
        assertThat(linesIn(november, "Usage")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).isEqualTo(200));
        assertThat(linesIn(november, "Adjustments")).singleElement().satisfies(line -> {
            assertThat(line.get("description").asString()).contains("2026-10");
            assertThat(line.get("sparks").decimalValue()).isEqualByComparingTo("2000");
            assertThat(line.get("amount_minor").asLong()).isEqualTo(200);
        });
        assertThat(november.get("invoice").get("total_minor").asLong()).isEqualTo(400).isEqualTo(sumOfLines(november));

        JsonNode reconciliation = admin("GET", "/v1/admin/reconciliation?month=2026-10", null).body();
        JsonNode row = reconciliation.get("rows").valueStream()
                .filter(each -> each.get("customer_id").asString().equals(customer)).findFirst().orElseThrow();
        assertThat(row.get("ingested").get("events").asLong()).isEqualTo(2);
        assertThat(row.get("rated").get("events").asLong()).isEqualTo(2);
        assertThat(row.get("invoiced").get("events").asLong()).isEqualTo(2);
        assertThat(reconciliation.get("differences").valueStream()
                .filter(each -> each.get("customer_id").asString().equals(customer))).isEmpty();
    }

    @Test
    void lateUsageIsChargedOnlyBeyondTheAllowanceItsPeriodHadLeft() {
        String customer = newCustomer("late-allowance");
        CLOCK.set(at("2026-10-01T00:00:00Z"));
        subscription(customer, "starter", "active", 2900, "200000", true, false, at("2026-10-01T00:00:00Z"), "subscribe");
        usage(customer, "ai_tokens", "ai_tokens", "1500000", "150000", at("2026-10-15T00:00:00Z"));
        CLOCK.set(at("2026-11-01T02:00:00Z"));
        closer.closeDue();
        JsonNode october = invoice(invoicesOf(customer).getFirst().get("invoice_id").asString());
        assertThat(october.get("invoice").get("total_minor").asLong()).as("the fee only: usage within the allowance")
                .isEqualTo(2900);

        usage(customer, "ai_tokens", "ai_tokens", "800000", "80000", at("2026-10-25T00:00:00Z"));
        CLOCK.set(at("2026-12-01T02:00:00Z"));
        closer.closeDue();

        JsonNode november = invoice(invoicesOf(customer).getFirst().get("invoice_id").asString());
        assertThat(linesIn(november, "Adjustments")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).as("30,000 Sparks beyond 200,000")
                        .isEqualTo(3000));
        assertThat(november.get("invoice").get("total_minor").asLong()).isEqualTo(2900 + 3000);
    }

    @Test
    void anAnniversaryPlanIsInvoicedFromOneAnniversaryOfItsAnchorToTheNext() {
        String customer = newCustomer("anniversary");
        java.time.Instant anchor = at("2027-03-15T10:00:00Z");
        CLOCK.set(anchor);
        subscription(customer, "pro", "active", 9900, "1000000", true, false, anchor, "subscribe", anchor);
        usage(customer, "ai_tokens", "ai_tokens", "10000", "1000", at("2027-04-15T09:59:59.999Z"));
        usage(customer, "ai_tokens", "ai_tokens", "20000", "2000", at("2027-04-15T10:00:00Z"));

        CLOCK.set(at("2027-04-15T11:00:00Z"));
        closer.closeDue();

        List<JsonNode> invoices = invoicesOf(customer);
        assertThat(invoices).singleElement().satisfies(invoice -> {
            assertThat(invoice.get("period").asString()).isEqualTo("2027-03-15");
            assertThat(invoice.get("period_start").asString()).isEqualTo("2027-03-15T10:00:00Z");
            assertThat(invoice.get("period_end").asString()).isEqualTo("2027-04-15T10:00:00Z");
        });
        JsonNode invoice = invoice(invoices.getFirst().get("invoice_id").asString());
        assertThat(linesIn(invoice, "Subscription")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).isEqualTo(9900));
        assertThat(invoice.get("usage_sparks").decimalValue()).as("the event a millisecond before the anniversary only")
                .isEqualByComparingTo("1000");
    }

    @Test
    void aMonthCannotBeClosedBeforeItEndsAndClosingTwiceHasNoSecondEffect() {
        String customer = newCustomer("twice");
        CLOCK.set(at("2027-01-10T00:00:00Z"));
        usage(customer, "ai_tokens", "ai_tokens", "10000", "1000", at("2027-01-05T00:00:00Z"));

        assertThat(admin("POST", "/v1/admin/periods/2027-01/close", null).status()).isEqualTo(409);

        CLOCK.set(at("2027-02-01T00:00:01Z"));
        Response first = admin("POST", "/v1/admin/periods/2027-01/close", null);
        Response second = admin("POST", "/v1/admin/periods/2027-01/close", null);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.body().get("finalized_invoices")).isEmpty();
        assertThat(invoicesOf(customer)).hasSize(1);
        assertThat(admin("POST", "/v1/admin/periods/2027-13/close", null).body().get("field").asString()).isEqualTo("month");
    }

    @Test
    void theScheduledCloseAndAnAdminsCloseNeverRaceAndTheAdminSeesEveryInvoiceOfTheMonth() throws Exception {
        CLOCK.set(at("2027-05-10T00:00:00Z"));
        List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String customer = newCustomer("race");
            usage(customer, "ai_tokens", "ai_tokens", "10000", "1000", at("2027-05-05T00:00:00Z"));
            customers.add(customer);
        }
        CLOCK.set(at("2027-06-01T02:00:00Z"));

        var scheduled = java.util.concurrent.CompletableFuture.supplyAsync(closer::closeDue);
        Response explicit = admin("POST", "/v1/admin/periods/2027-05/close", null);
        PeriodCloser.Run scheduledRun = scheduled.get(60, java.util.concurrent.TimeUnit.SECONDS);

        List<String> ours = customers.stream().map(customer -> invoicesOf(customer)).peek(invoices ->
                assertThat(invoices).as("one invoice per customer").hasSize(1))
                .map(invoices -> invoices.getFirst().get("invoice_number").asString()).toList();
        List<String> byAdmin = new java.util.ArrayList<>();
        explicit.body().get("finalized_invoices").forEach(number -> byAdmin.add(number.asString()));
        List<String> seenByAdmin = new java.util.ArrayList<>(byAdmin);
        explicit.body().get("already_finalized").forEach(number -> seenByAdmin.add(number.asString()));

        assertThat(seenByAdmin).containsAll(ours);
        List<String> finalizedTwice = new java.util.ArrayList<>(byAdmin);
        finalizedTwice.retainAll(scheduledRun.finalizedInvoices());
        assertThat(finalizedTwice).isEmpty();
        List<String> finalizedByEither = new java.util.ArrayList<>(byAdmin);
        finalizedByEither.addAll(scheduledRun.finalizedInvoices());
        assertThat(finalizedByEither).containsAll(ours);
    }
}
