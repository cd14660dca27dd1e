package dev.sparks.local;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton through all six services, each its own process from its own jar, on a real
 * broker, database and SMTP server: events in, reports exact to the Spark and the cent, the month
 * closed once, one payment request and one email per invoice, duplicates counted once.
 */
class EndToEndTest {

    private static final BigDecimal USD_PER_SPARK = new BigDecimal("0.001");

    private static Stack stack;
    private static Demo.Outcome outcome;

    @BeforeAll
    static void runTheMainJob() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("sparks-e2e-");
        stack = new Stack(new Stack.Options(root, state, false, 0, 0, 0, "e2e-key", true), Map.of()).start();
        outcome = new Demo(stack, Clock.systemUTC()).run();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void reportsAreExactToTheSparkAndTheCentWithDuplicatesCountedOnce() {
        for (SampleMonth.Customer customer : SampleMonth.CUSTOMERS) {
            JsonNode report = outcome.reports().get(customer.id());
            BigDecimal tokens = BigDecimal.valueOf(customer.tokens()).multiply(new BigDecimal("0.1"));
            BigDecimal compute = customer.computeMinutes().multiply(BigDecimal.valueOf(50));
            BigDecimal storage = customer.storageGbMonths().multiply(BigDecimal.valueOf(500));

            assertThat(line(report, "ai_tokens").get("sparks").decimalValue()).isEqualByComparingTo(tokens);
            assertThat(line(report, "ai_tokens").get("quantity").decimalValue())
                    .isEqualByComparingTo(BigDecimal.valueOf(customer.tokens()));
            assertThat(line(report, "compute").get("sparks").decimalValue()).isEqualByComparingTo(compute);
            assertThat(report.get("total_sparks").decimalValue()).isEqualByComparingTo(tokens.add(compute).add(storage));
            assertThat(report.get("total_usd").decimalValue()).isEqualByComparingTo(
                    cents(tokens).add(cents(compute)).add(storage.signum() == 0 ? BigDecimal.ZERO : cents(storage)));
        }
        assertThat(outcome.duplicatesResent()).isPositive();
    }

    @Test
    void halfCentsRoundHalfEvenPerLine() {
        JsonNode mailpilot = outcome.reports().get("mailpilot");
        // 95,250 tokens = 9,525 Sparks = $9.525 -> $9.52; 12 minutes = $0.60; total $10.12, not $10.13.
        assertThat(line(mailpilot, "ai_tokens").get("usd").decimalValue()).isEqualByComparingTo("9.52");
        assertThat(mailpilot.get("total_usd").decimalValue()).isEqualByComparingTo("10.12");
    }

    @Test
    void monthIsClosedOnceWithGaplessInvoiceNumbers() {
        assertThat(outcome.firstClose().get("finalized_invoices")).hasSize(SampleMonth.CUSTOMERS.size());
        assertThat(outcome.secondClose().get("finalized_invoices")).isEmpty();
        assertThat(outcome.secondClose().get("closed_without_invoice").asInt()).isZero();
        List<String> numbers = new ArrayList<>();
        outcome.firstClose().get("finalized_invoices").forEach(number -> numbers.add(number.asString()));
        assertThat(numbers).containsExactlyInAnyOrder("SPK-000001", "SPK-000002", "SPK-000003");
    }

    @Test
    void invoiceTotalsMatchReportsAndLinesAddUp() {
        for (SampleMonth.Customer customer : SampleMonth.CUSTOMERS) {
            JsonNode invoices = outcome.invoices().get(customer.id());
            assertThat(invoices).hasSize(1);
            JsonNode invoice = invoices.get(0).get("invoice");
            assertThat(invoice.get("status").asString()).isEqualTo("finalized");
            long linesTotal = 0;
            for (JsonNode line : invoices.get(0).get("lines")) {
                linesTotal += line.get("amount_minor").asLong();
            }
            assertThat(invoice.get("total_minor").asLong()).isEqualTo(linesTotal);
            // The shipped rate card's month rule: 5% off the Sparks above 10,000, on the invoice (the report is gross).
            JsonNode report = outcome.reports().get(customer.id());
            BigDecimal above = report.get("total_sparks").decimalValue().subtract(new BigDecimal("10000")).max(BigDecimal.ZERO);
            BigDecimal discount = cents(above.multiply(new BigDecimal("0.05")));
            assertThat(BigDecimal.valueOf(invoice.get("total_minor").asLong(), 2))
                    .isEqualByComparingTo(report.get("total_usd").decimalValue().subtract(discount));
        }
    }

    @Test
    void onePaymentRequestAndOneEmailPerInvoice() throws Exception {
        for (SampleMonth.Customer customer : SampleMonth.CUSTOMERS) {
            JsonNode invoice = outcome.invoices().get(customer.id()).get(0).get("invoice");
            JsonNode payments = outcome.payments().get(customer.id());
            assertThat(payments).hasSize(1);
            assertThat(payments.get(0).get("invoice_id").asString()).isEqualTo(invoice.get("invoice_id").asString());
            assertThat(payments.get(0).get("amount_minor").asLong()).isEqualTo(invoice.get("total_minor").asLong());
            assertThat(payments.get(0).get("status").asString()).isEqualTo("requested");
            assertThat(outcome.notifications().get(customer.id())).hasSize(1);
        }
        // Besides invoices, customers are mailed threshold warnings for this month's usage on the free plan.
        List<MimeMessage> mail = new ArrayList<>();
        for (MimeMessage message : outcome.mail()) {
            if (message.getSubject().startsWith("Your Sparks invoice")) {
                mail.add(message);
            }
        }
        assertThat(mail).hasSize(SampleMonth.CUSTOMERS.size());
        List<String> recipients = new ArrayList<>();
        for (MimeMessage message : mail) {
            recipients.add(message.getAllRecipients()[0].toString());
            assertThat(message.getSubject()).startsWith("Your Sparks invoice SPK-");
        }
        assertThat(recipients).containsExactlyInAnyOrderElementsOf(
                SampleMonth.CUSTOMERS.stream().map(SampleMonth.Customer::email).toList());
    }

    @Test
    void everyEventOfTheMonthIsIngestedRatedAndInvoicedOnce() {
        JsonNode reconciliation = outcome.reconciliation();
        assertThat(reconciliation.get("differences")).isEmpty();
        assertThat(reconciliation.get("balanced").asBoolean()).isTrue();
        long invoiced = 0;
        for (JsonNode row : reconciliation.get("rows")) {
            invoiced += row.get("invoiced").get("events").asLong();
        }
        long sentForTheMonth = outcome.reports().values().stream().flatMap(report -> report.get("categories").valueStream())
                .mapToLong(category -> category.get("events").asLong()).sum();
        assertThat(invoiced).isEqualTo(sentForTheMonth).isPositive();
    }

    @Test
    void badInputIsRefusedWithAProblemNamingTheField() {
        assertThat(outcome.rejected().status()).isEqualTo(400);
        assertThat(outcome.rejected().body().get("field").asString()).isEqualTo("quantity");
    }

    @Test
    void subscriptionCountsThisMonthsUsageAgainstTheFreeAllowance() {
        JsonNode acme = outcome.currentUsage().get("acme-voice");
        assertThat(acme.get("plan").asString()).isEqualTo("free");
        assertThat(acme.get("used_sparks").decimalValue()).isEqualByComparingTo("5000");
        assertThat(acme.get("remaining_sparks").decimalValue()).isEqualByComparingTo("5000");
    }

    @Test
    void consumerLagIsExposedForPrometheusOnConsumingServices() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String module : List.of("rating-service", "subscription-service", "invoicing-service")) {
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(ServiceSpec.named(module).url() + "/actuator/prometheus")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).as(module).contains("kafka_consumer_fetch_manager_records_lag");
        }
    }

    /** The category's (single) metric line of a usage report. */
    private static JsonNode line(JsonNode report, String category) {
        for (JsonNode line : report.get("categories")) {
            if (line.get("category").asString().equals(category)) {
                return line.get("metrics").get(0);
            }
        }
        throw new AssertionError("No " + category + " line in " + report);
    }

    private static BigDecimal cents(BigDecimal sparks) {
        return sparks.multiply(USD_PER_SPARK).setScale(2, java.math.RoundingMode.HALF_EVEN);
    }
}
