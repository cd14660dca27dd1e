package dev.sparks.invoicing.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.InvoicingTestSupport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A signed-in customer reads its own invoices, documents and reports, and nobody else's. */
class CustomerAccessTest extends InvoicingTestSupport {

    private String alice;
    private String bob;
    private String aliceInvoice;

    @BeforeEach
    void twoCustomersWithAnInvoiceEach() {
        alice = newCustomer("alice");
        bob = newCustomer("bob");
        CLOCK.set(at("2029-01-10T00:00:00Z"));
        for (String customer : List.of(alice, bob)) {
            subscription(customer, "starter", "active", 2900, "200000", true, false, at("2029-01-01T00:00:00Z"), "subscribe");
            usage(customer, "ai_tokens", "ai_tokens", "3000000", "300000", at("2029-01-05T00:00:00Z"));
        }
        CLOCK.set(at("2029-02-01T02:00:00Z"));
        closer.closeDue();
        aliceInvoice = invoicesOf(alice).getFirst().get("invoice_id").asString();
    }

    @Test
    void aCustomerSeesItsOwnHistoryInvoiceAndDocuments() throws Exception {
        String token = customerToken(alice);

        assertThat(call("GET", "/v1/invoices", token, null).body().valueStream()
                .map(invoice -> invoice.get("customer_id").asString())).containsOnly(alice);
        assertThat(call("GET", "/v1/invoices/" + aliceInvoice, token, null).status()).isEqualTo(200);
        Response html = call("GET", "/v1/invoices/" + aliceInvoice + "/html", token, null);
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.raw()).contains("Customer " + alice).contains("$129.00");
        Response pdf = call("GET", "/v1/invoices/" + aliceInvoice + "/pdf", token, null);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.bytes())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains(invoicesOf(alice).getFirst().get("invoice_number").asString()).contains("$129.00");
        }
    }

    @Test
    void anotherCustomersDataIsNotFoundOnEveryRoute() {
        String token = customerToken(bob);

        for (String path : List.of("/v1/invoices/" + aliceInvoice, "/v1/invoices/" + aliceInvoice + "/html",
                "/v1/invoices/" + aliceInvoice + "/pdf", "/v1/invoices?customer_id=" + alice,
                "/v1/invoices/upcoming?customer_id=" + alice, "/usage/report?customer_id=" + alice + "&month=2029-01")) {
            Response response = call("GET", path, token, null);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.raw()).as(path).doesNotContain("$129.00");
        }
    }

    @Test
    void operatorRoutesNeedAnAdminAndEveryRouteNeedsAValidToken() {
        String customer = customerToken(alice);
        for (String path : List.of("/v1/admin/reconciliation?month=2029-01", "/v1/admin/metrics/revenue",
                "/v1/admin/usage/accounted?month=2029-01", "/v1/admin/dunning")) {
            assertThat(call("GET", path, customer, null).status()).as(path).isEqualTo(403);
        }
        assertThat(call("POST", "/v1/admin/invoices/" + aliceInvoice + "/void", customer, null).status()).isEqualTo(403);

        assertThat(call("GET", "/v1/invoices", null, null).status()).isEqualTo(401);
        Map<String, Object> claims = new HashMap<>(ISSUER.claims("auth0|" + alice, "https://another.api", CLOCK.instant(),
                Duration.ofHours(1)));
        assertThat(call("GET", "/v1/invoices", ISSUER.sign(claims), null).status()).as("wrong audience").isEqualTo(401);
        Map<String, Object> expired = new HashMap<>(ISSUER.claims("auth0|" + alice, AUDIENCE,
                CLOCK.instant().minus(Duration.ofHours(2)), Duration.ofHours(1)));
        assertThat(call("GET", "/v1/invoices", ISSUER.sign(expired), null).status()).as("expired").isEqualTo(401);
    }

    @Test
    void theUsageReportComesFromTheTokenWithTierAndForecast() {
        CLOCK.set(at("2029-02-11T00:00:00Z"));
        usage(alice, "compute_minutes", "compute", "200", "10000", at("2029-02-02T00:00:00Z"));
        Response report = call("GET", "/usage/report", customerToken(alice), null);

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body().get("customer_id").asString()).isEqualTo(alice);
        assertThat(report.body().get("month").asString()).isEqualTo("2029-02");
        assertThat(report.body().get("tier").asString()).isEqualTo("starter");
        assertThat(report.body().get("total_sparks").decimalValue()).isEqualByComparingTo("10000");
        assertThat(report.body().get("usage_usd").decimalValue()).as("the usage's value before the allowance")
                .isEqualByComparingTo("10.00");
        assertThat(report.body().get("categories").get(0).get("category").asString()).isEqualTo("compute");
        // The month under way is billed as the upcoming invoice is, to the cent, line by line.
        Response upcoming = call("GET", "/v1/invoices/upcoming", customerToken(alice), null);
        assertThat(report.body().get("bill").get("basis").asString()).isEqualTo("upcoming invoice");
        assertThat(report.body().get("total_usd").decimalValue()).isEqualByComparingTo(upcoming.body().get("total").decimalValue());
        assertThat(report.body().get("bill").get("lines").valueStream().map(line -> line.get("amount_minor").asLong()))
                .containsExactlyElementsOf(upcoming.body().get("lines").valueStream().map(line -> line.get("amount_minor").asLong())
                        .toList());
        // 10 of February's 28 days have passed: 10,000 Sparks so far is 28,000 at this pace, all within
        // Starter's 200,000 included, so the forecast is the month's fee alone.
        assertThat(report.body().get("forecast").get("sparks").decimalValue()).isEqualByComparingTo("28000");
        assertThat(report.body().get("forecast").get("usd").decimalValue()).isEqualByComparingTo("29.00");
    }

    @Test
    void aClosedMonthsReportIsItsInvoiceLineByLine() {
        CLOCK.set(at("2029-02-11T00:00:00Z"));
        Response report = call("GET", "/usage/report?month=2029-01", customerToken(alice), null);
        Response invoice = call("GET", "/v1/invoices/" + aliceInvoice, customerToken(alice), null);

        assertThat(report.body().get("bill").get("basis").asString())
                .isEqualTo("invoice " + invoice.body().get("invoice").get("invoice_number").asString());
        assertThat(report.body().get("bill").get("total_minor").asLong()).isEqualTo(12900)
                .isEqualTo(invoice.body().get("invoice").get("total_minor").asLong());
        assertThat(report.body().get("bill").get("lines").valueStream().map(line -> line.get("description").asString()
                + " " + line.get("amount_minor").asLong()))
                .containsExactlyElementsOf(invoice.body().get("lines").valueStream()
                        .map(line -> line.get("description").asString() + " " + line.get("amount_minor").asLong()).toList());
        assertThat(report.body().get("usage_usd").decimalValue()).isEqualByComparingTo("300.00");
        assertThat(report.body().get("total_usd").decimalValue()).isEqualByComparingTo("129.00");
    }
}
