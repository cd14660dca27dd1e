package dev.sparks.local;

import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The platform's main job, end to end: usage in, rated, accounted, month closed, invoices out,
 * payments requested, customers emailed. Prints what a user needs to see and returns it for tests.
 */
public final class Demo {

    public record Outcome(String month, Map<String, JsonNode> reports, Map<String, JsonNode> currentUsage,
            JsonNode firstClose, JsonNode secondClose, Map<String, JsonNode> invoices, Map<String, JsonNode> payments,
            Map<String, JsonNode> notifications, List<MimeMessage> mail, int eventsSent, int duplicatesResent,
            SparksClient.Response rejected, JsonNode reconciliation) {}

    private final Stack stack;
    private final SparksClient client;
    private final Clock clock;

    public Demo(Stack stack, Clock clock) {
        this.stack = stack;
        this.client = new SparksClient(stack.apiKey());
        this.clock = clock;
    }

    public Outcome run() {
        YearMonth month = YearMonth.now(clock).minusMonths(1);
        Console.say("");
        Console.say("Sample month " + month + ": " + SampleMonth.CUSTOMERS.size() + " customers using AI tokens, compute and storage");
        for (SampleMonth.Customer customer : SampleMonth.CUSTOMERS) {
            expectStatus(client.putCustomer(customer.id(), customer.email(), customer.name()), 200, "register " + customer.id());
        }
        List<SampleMonth.Event> events = new ArrayList<>(SampleMonth.events(month, Instant.now(clock)));
        events.addAll(SampleMonth.happeningNow(Instant.now(clock)));
        int duplicates = publish(events);
        SparksClient.Response rejected = client.postEvents(
                "{\"event_id\":\"6f1c1f4e-3d7a-4d55-9a43-2f7d0f7e9a11\",\"customer_id\":\"acme-voice\",\"metric\":\"ai_tokens\","
                        + "\"quantity\":-5,\"occurred_at\":\"" + month.atDay(3) + "T10:00:00Z\"}");
        Console.say("  a bad event (negative quantity) → " + rejected.status() + " " + rejected.body());

        Console.step("waiting until every event is rated and accounted", () -> awaitAccounted(month, events));
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        Map<String, JsonNode> usage = new LinkedHashMap<>();
        for (SampleMonth.Customer customer : SampleMonth.CUSTOMERS) {
            reports.put(customer.id(), client.usageReport(customer.id(), month.toString()).body());
            usage.put(customer.id(), client.currentUsage(customer.id()).body());
            Report.usage(customer, reports.get(customer.id()), usage.get(customer.id()));
        }

        Console.say("");
        SparksClient.Response firstClose = expectStatus(client.closePeriod(month.toString()), 200, "close " + month);
        SparksClient.Response secondClose = expectStatus(client.closePeriod(month.toString()), 200, "close again");
        Console.say("Closed " + month + ": finalized " + firstClose.body().get("finalized_invoices")
                + "; closing again finalized " + secondClose.body().get("finalized_invoices").size()
                + " more (every period was already closed)");
        Console.step("waiting for payment requests and emails", () -> awaitDelivered(reports.size()));

        Map<String, JsonNode> invoices = new LinkedHashMap<>();
        Map<String, JsonNode> payments = new LinkedHashMap<>();
        Map<String, JsonNode> notifications = new LinkedHashMap<>();
        for (SampleMonth.Customer customer : SampleMonth.CUSTOMERS) {
            invoices.put(customer.id(), client.invoiceDetails(customer.id()));
            payments.put(customer.id(), client.payments(customer.id()).body());
            notifications.put(customer.id(), client.notifications(customer.id()).body());
            Report.invoice(customer, invoices.get(customer.id()), payments.get(customer.id()),
                    notifications.get(customer.id()));
        }
        JsonNode reconciliation = client.get(ServiceSpec.named("invoicing-service").url()
                + "/v1/admin/reconciliation?month=" + month).body();
        Report.reconciliation(reconciliation);
        if (stack.usesEmbeddedSmtp()) {
            Console.say("");
            Console.say("The embedded SMTP server received " + stack.mail().size() + " message(s).");
        }
        return new Outcome(month.toString(), reports, usage, firstClose.body(), secondClose.body(), invoices, payments,
                notifications, stack.mail(), events.size(), duplicates, rejected, reconciliation);
    }

    /** Sends the events in batches, then one batch again with the same ids: it must count once. */
    private int publish(List<SampleMonth.Event> events) {
        int batchSize = 25;
        for (int from = 0; from < events.size(); from += batchSize) {
            List<SampleMonth.Event> batch = events.subList(from, Math.min(events.size(), from + batchSize));
            expectStatus(client.postEvents(SampleMonth.batch(batch)), 202, "POST /v1/events");
        }
        List<SampleMonth.Event> again = events.subList(0, Math.min(10, events.size()));
        expectStatus(client.postEvents(SampleMonth.batch(again)), 202, "POST /v1/events (again)");
        Console.say("  POST /v1/events: " + events.size() + " events accepted (202), then " + again.size()
                + " of them sent again with the same event_id");
        return again.size();
    }

    private void awaitAccounted(YearMonth month, List<SampleMonth.Event> events) {
        Map<String, Long> expected = new LinkedHashMap<>();
        events.stream().filter(event -> YearMonth.from(event.occurredAt().atZone(java.time.ZoneOffset.UTC)).equals(month))
                .forEach(event -> expected.merge(event.customerId(), 1L, Long::sum));
        awaitUntil(Duration.ofMinutes(3), () -> expected.entrySet().stream().allMatch(customer -> {
            JsonNode report = client.usageReport(customer.getKey(), month.toString()).body();
            long accounted = 0;
            for (JsonNode line : report.get("categories")) {
                accounted += line.get("events").asLong();
            }
            return accounted == customer.getValue();
        }), "usage to be accounted in invoicing");
        // Subscription counts the same events on its own (with quotas, a little later than invoicing);
        // its current usage is printed next, so wait for it too, this month's events included.
        Map<YearMonth, Long> perMonth = new LinkedHashMap<>();
        events.forEach(event -> perMonth.merge(YearMonth.from(event.occurredAt().atZone(java.time.ZoneOffset.UTC)), 1L, Long::sum));
        String subscription = ServiceSpec.named("subscription-service").url();
        awaitUntil(Duration.ofMinutes(3), () -> perMonth.entrySet().stream().allMatch(counted ->
                client.get(subscription + "/v1/admin/usage/accounted?month=" + counted.getKey()).body().get("events").asLong()
                        >= counted.getValue()), "usage to be accounted in subscription");
    }

    private void awaitDelivered(int invoices) {
        awaitUntil(Duration.ofMinutes(2), () -> SampleMonth.CUSTOMERS.stream().allMatch(customer ->
                client.payments(customer.id()).body().size() == 1 && client.notifications(customer.id()).body().size() == 1)
                && (!stack.usesEmbeddedSmtp() || stack.mail().size() >= invoices), "payment requests and emails");
    }

    static void awaitUntil(Duration timeout, java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            Stack.sleep(Duration.ofMillis(250));
        }
    }

    private static SparksClient.Response expectStatus(SparksClient.Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException(what + " answered " + response.status() + ": " + response.body());
        }
        return response;
    }
}
