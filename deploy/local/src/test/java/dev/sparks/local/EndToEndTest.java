package dev.sparks.local;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton through all six services, each its own process from its own jar, on a real
 * broker, database and SMTP server: events in, reports exact to the Spark and the cent, the month
 * closed once, one payment request and one email per invoice, duplicates counted once.
 *
 * <p>The stack's clock is pinned, and the main job runs for three months whose ends have broken
 * billing systems before: a February of 28 days, a leap February, and December into a new year.
 * Each month ends while its last usage is still being accounted, and is closed at 00:30 on the
 * first. The invoices must be the same every time, to the cent, whatever the day the suite runs.
 */
class EndToEndTest {

    private static final BigDecimal USD_PER_SPARK = new BigDecimal("0.001");
    private static final List<YearMonth> MONTHS = List.of(YearMonth.of(2027, 2), YearMonth.of(2028, 2), YearMonth.of(2028, 12));
    /** What each sample customer owes for any of the months, in cents: the same every run. */
    private static final Map<String, Long> EXPECTED_TOTAL_MINOR = Map.of(
            // Starter $29.00 + usage $260.50 - 200,000 included ($200.00) - 5% on the 60,500 Sparks above ($3.02)
            "acme-voice", 8648L,
            // Personal $9.00; usage beyond its 50,000 Sparks hard limit is never charged
            "brightbot", 900L,
            // Free: 10,125 Sparks against a 10,000 hard limit, nothing to pay
            "mailpilot", 0L);

    private static Stack stack;
    private static final Map<YearMonth, Demo.Outcome> outcomes = new LinkedHashMap<>();

    @BeforeAll
    static void runTheMainJobForEachMonth() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("sparks-e2e-");
        Stack.Options options = new Stack.Options(root, state, false, 0, 0, 0, "e2e-key", true)
                .startingAt(Demo.startOf(MONTHS.getFirst()));
        stack = new Stack(options, Map.of()).start();
        for (YearMonth month : MONTHS) {
            outcomes.put(month, new Demo(stack, month, SampleMonth.customers("-" + month)).run());
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static Stream<YearMonth> months() {
        return MONTHS.stream();
    }

    /** The sample customer's id without the month suffix: acme-voice-2027-02 is acme-voice. */
    private static String sample(SampleMonth.Customer customer, YearMonth month) {
        return customer.id().substring(0, customer.id().length() - ("-" + month).length());
    }

    @ParameterizedTest
    @MethodSource("months")
    void reportsAreExactToTheSparkAndTheCentWithDuplicatesCountedOnce(YearMonth month) {
        Demo.Outcome outcome = outcomes.get(month);
        for (SampleMonth.Customer customer : outcome.customers()) {
            JsonNode report = outcome.reports().get(customer.id());
            BigDecimal tokens = BigDecimal.valueOf(customer.tokens()).multiply(new BigDecimal("0.1"));
            BigDecimal compute = customer.computeMinutes().multiply(BigDecimal.valueOf(50));
            BigDecimal storage = customer.storageGbMonths().multiply(BigDecimal.valueOf(500));

            assertThat(report.get("month").asString()).isEqualTo(month.toString());
            assertThat(line(report, "ai_tokens").get("sparks").decimalValue()).isEqualByComparingTo(tokens);
            assertThat(line(report, "ai_tokens").get("quantity").decimalValue())
                    .isEqualByComparingTo(BigDecimal.valueOf(customer.tokens()));
            assertThat(line(report, "compute").get("sparks").decimalValue()).isEqualByComparingTo(compute);
            assertThat(report.get("total_sparks").decimalValue()).isEqualByComparingTo(tokens.add(compute).add(storage));
            assertThat(report.get("usage_usd").decimalValue()).isEqualByComparingTo(
                    cents(tokens).add(cents(compute)).add(storage.signum() == 0 ? BigDecimal.ZERO : cents(storage)));
            // Read in the close's grace hour, the report bills the month as its invoice then did: one pricing path.
            JsonNode invoice = outcome.invoices().get(customer.id()).get(0);
            assertThat(report.get("bill").get("total_minor").asLong()).as(customer.id() + ": report = invoice")
                    .isEqualTo(invoice.get("invoice").get("total_minor").asLong());
            assertThat(report.get("bill").get("lines").valueStream().map(line -> line.get("amount_minor").asLong()))
                    .containsExactlyElementsOf(invoice.get("lines").valueStream().map(line -> line.get("amount_minor").asLong())
                            .toList());
        }
        assertThat(outcome.duplicatesResent()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("months")
    void halfCentsRoundHalfEvenPerLine(YearMonth month) {
        JsonNode mailpilot = outcomes.get(month).reports().get("mailpilot-" + month);
        // 95,250 tokens = 9,525 Sparks = $9.525 -> $9.52; 12 minutes = $0.60; total $10.12, not $10.13.
        assertThat(line(mailpilot, "ai_tokens").get("usd").decimalValue()).isEqualByComparingTo("9.52");
        assertThat(mailpilot.get("usage_usd").decimalValue()).isEqualByComparingTo("10.12");
        assertThat(mailpilot.get("total_usd").decimalValue()).as("Free: all of it is included").isEqualByComparingTo("0.00");
    }

    @ParameterizedTest
    @MethodSource("months")
    void theMonthIsClosedOnceWithOneInvoiceNumberPerCustomer(YearMonth month) {
        Demo.Outcome outcome = outcomes.get(month);
        List<String> numbers = new ArrayList<>();
        for (SampleMonth.Customer customer : outcome.customers()) {
            JsonNode invoices = outcome.invoices().get(customer.id());
            assertThat(invoices).hasSize(1);
            numbers.add(invoices.get(0).get("invoice").get("invoice_number").asString());
        }
        List<String> finalized = new ArrayList<>();
        outcome.firstClose().get("finalized_invoices").forEach(number -> finalized.add(number.asString()));
        assertThat(finalized).containsAll(numbers);
        assertThat(numbers).doesNotHaveDuplicates().allMatch(number -> number.matches("SPK-\\d{6}"));
        List<String> again = new ArrayList<>();
        outcome.secondClose().get("finalized_invoices").forEach(number -> again.add(number.asString()));
        assertThat(again).doesNotContainAnyElementsOf(numbers);
    }

    @ParameterizedTest
    @MethodSource("months")
    void everyMonthInvoicesTheSameAmountsAndLinesAddUp(YearMonth month) {
        Demo.Outcome outcome = outcomes.get(month);
        for (SampleMonth.Customer customer : outcome.customers()) {
            JsonNode detail = outcome.invoices().get(customer.id()).get(0);
            JsonNode invoice = detail.get("invoice");
            assertThat(invoice.get("period").asString()).isEqualTo(month.toString());
            long linesTotal = 0;
            for (JsonNode line : detail.get("lines")) {
                linesTotal += line.get("amount_minor").asLong();
            }
            assertThat(invoice.get("total_minor").asLong()).isEqualTo(linesTotal)
                    .as(customer.id()).isEqualTo(EXPECTED_TOTAL_MINOR.get(sample(customer, month)));
            if (!customer.plan().equals("free")) {
                assertThat(detail.get("lines").valueStream().map(line -> line.get("description").asString()))
                        .as("the plan's fee for the whole month").anyMatch(text -> text.startsWith(
                                customer.plan().substring(0, 1).toUpperCase() + customer.plan().substring(1) + " plan"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("months")
    void onePaymentRequestPerInvoiceOwedAndOneInvoiceEmailPerCustomer(YearMonth month) throws Exception {
        Demo.Outcome outcome = outcomes.get(month);
        for (SampleMonth.Customer customer : outcome.customers()) {
            JsonNode invoice = outcome.invoices().get(customer.id()).get(0).get("invoice");
            JsonNode payments = outcome.payments().get(customer.id());
            if (invoice.get("total_minor").asLong() == 0) {
                assertThat(payments).as("an invoice of zero is paid as it is finalized").isEmpty();
                assertThat(invoice.get("status").asString()).isEqualTo("paid");
            } else {
                assertThat(payments).hasSize(1);
                assertThat(payments.get(0).get("invoice_id").asString()).isEqualTo(invoice.get("invoice_id").asString());
                assertThat(payments.get(0).get("amount_minor").asLong()).isEqualTo(invoice.get("total_minor").asLong());
                assertThat(payments.get(0).get("status").asString()).isEqualTo("requested");
            }
            String number = invoice.get("invoice_number").asString();
            List<MimeMessage> invoiceMail = new ArrayList<>();
            for (MimeMessage message : outcome.mail()) {
                if (message.getSubject().contains(number)) {
                    invoiceMail.add(message);
                }
            }
            assertThat(invoiceMail).as("emails about " + number).hasSize(1);
            assertThat(invoiceMail.getFirst().getAllRecipients()[0].toString()).isEqualTo(customer.email());
        }
    }

    @ParameterizedTest
    @MethodSource("months")
    void customersOverTheirAllowanceAreToldOnceWithTheRealPercentage(YearMonth month) {
        Demo.Outcome outcome = outcomes.get(month);
        JsonNode brightbot = outcome.notifications().get("brightbot-" + month);
        List<String> thresholdSubjects = brightbot.valueStream().map(mail -> mail.get("subject").asString())
                .filter(subject -> subject.startsWith("You have used")).toList();
        // Usage arrives in polled batches: each batch that passes marks says so once, for its highest one.
        assertThat(thresholdSubjects).isNotEmpty().hasSizeLessThanOrEqualTo(3).doesNotHaveDuplicates();
        assertThat(thresholdSubjects.getLast()).as("66,550 of 50,000 Sparks").matches("You have used 1\\d\\d% .*");
    }

    @ParameterizedTest
    @MethodSource("months")
    void everyEventOfTheMonthIsIngestedRatedAndInvoicedOnce(YearMonth month) {
        Demo.Outcome outcome = outcomes.get(month);
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
    void subscriptionCountsThisMonthsUsageAgainstThePlanAllowance() {
        YearMonth month = MONTHS.getLast();
        JsonNode acme = outcomes.get(month).currentUsage().get("acme-voice-" + month);
        assertThat(acme.get("plan").asString()).isEqualTo("starter");
        assertThat(acme.get("month").asString()).isEqualTo(month.plusMonths(1).toString());
        assertThat(acme.get("used_sparks").decimalValue()).isEqualByComparingTo("1000");
        assertThat(acme.get("remaining_sparks").decimalValue()).isEqualByComparingTo("199000");
    }

    @Test
    void badInputIsRefusedWithAProblemNamingTheField() {
        Demo.Outcome outcome = outcomes.get(MONTHS.getFirst());
        assertThat(outcome.rejected().status()).isEqualTo(400);
        assertThat(outcome.rejected().body().get("field").asString()).isEqualTo("quantity");
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
