package dev.sparks.local;

import jakarta.mail.internet.MimeMessage;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The platform's main job, end to end, as one month of a customer's life: customers sign up on
 * their plans on the first, use the product all month, the month ends, it is closed, invoices go
 * out, payments are requested, customers are emailed. It runs on the stack's own clock, which it
 * moves from the first of the month to its last minutes and then into the next month, so what it
 * prints is the same whatever the day it runs, but for the month's name.
 */
public final class Demo {

    public record Outcome(String month, List<SampleMonth.Customer> customers, Map<String, JsonNode> reports,
            Map<String, JsonNode> currentUsage, JsonNode firstClose, JsonNode secondClose, Map<String, JsonNode> invoices,
            Map<String, JsonNode> payments, Map<String, JsonNode> notifications, List<MimeMessage> mail, int eventsSent,
            int duplicatesResent, SparksClient.Response rejected, JsonNode reconciliation) {}

    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm:ss 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Stack stack;
    private final SparksClient client;
    private final YearMonth month;
    private final List<SampleMonth.Customer> customers;

    /** {@code customers} sign up at the start of {@code month}; the stack's clock must not be past it yet. */
    public Demo(Stack stack, YearMonth month, List<SampleMonth.Customer> customers) {
        this.stack = stack;
        this.client = new SparksClient(stack.apiKey());
        this.month = month;
        this.customers = customers;
    }

    /** The month the demo shows when the stack's time is {@code now}: the last one that has ended. */
    public static YearMonth monthBefore(Instant now) {
        return YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(1);
    }

    public static Instant startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public Outcome run() {
        Instant monthStart = startOf(month);
        Instant monthEnd = startOf(month.plusMonths(1));
        moveClock(monthStart, "the month begins");
        Console.say("Sample month " + month + ": " + customers.size() + " customers using AI tokens, compute and storage");
        for (SampleMonth.Customer customer : customers) {
            signUp(customer);
        }

        // The month's usage arrives as it ends: the last half minute of the month, then past midnight.
        moveClock(monthEnd.minusSeconds(30), "the month's last seconds");
        List<SampleMonth.Event> events = new ArrayList<>(SampleMonth.events(month, monthEnd.minusSeconds(30), customers));
        int duplicates = publish(events);
        SparksClient.Response rejected = client.postEvents(
                "{\"event_id\":\"6f1c1f4e-3d7a-4d55-9a43-2f7d0f7e9a11\",\"customer_id\":\"" + customers.getFirst().id()
                        + "\",\"metric\":\"ai_tokens\",\"quantity\":-5,\"occurred_at\":\"" + month.atDay(3) + "T10:00:00Z\"}");
        Console.say("  a bad event (negative quantity) → " + rejected.status() + " " + rejected.body());
        Console.step("waiting until every event is rated and accounted", () -> awaitAccounted(events));

        Instant nextMorning = monthEnd.plus(Duration.ofMinutes(30));
        moveClock(nextMorning, "the next month has begun; usage goes on");
        List<SampleMonth.Event> now = SampleMonth.happeningNow(nextMorning, customers);
        publish(now);
        events.addAll(now);
        Console.step("waiting until this month's usage is accounted", () -> awaitAccounted(events));
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        Map<String, JsonNode> usage = new LinkedHashMap<>();
        for (SampleMonth.Customer customer : customers) {
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
        Console.step("waiting for payment requests and emails", this::awaitDelivered);

        Map<String, JsonNode> invoices = new LinkedHashMap<>();
        Map<String, JsonNode> payments = new LinkedHashMap<>();
        Map<String, JsonNode> notifications = new LinkedHashMap<>();
        for (SampleMonth.Customer customer : customers) {
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
        return new Outcome(month.toString(), customers, reports, usage, firstClose.body(), secondClose.body(), invoices,
                payments, notifications, stack.mail(), events.size(), duplicates, rejected, reconciliation);
    }

    private void moveClock(Instant to, String why) {
        stack.moveClock(to);
        Console.say("");
        Console.say("[" + MOMENT.format(to) + "] " + why);
    }

    /** Registers the customer's address and, unless it stays on Free, subscribes it (no trial: it pays from day one). */
    private void signUp(SampleMonth.Customer customer) {
        expectStatus(client.putCustomer(customer.id(), customer.email(), customer.name()), 200, "register " + customer.id());
        if (!customer.plan().equals("free")) {
            expectStatus(client.post(ServiceSpec.named("subscription-service").url() + "/api/billing/subscribe",
                    "{\"customer_id\":\"" + customer.id() + "\",\"plan\":\"" + customer.plan() + "\",\"trial\":false}"),
                    201, "subscribe " + customer.id());
        }
        Console.say("  " + customer.name() + " (" + customer.id() + ") signs up on " + customer.plan());
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

    private void awaitAccounted(List<SampleMonth.Event> events) {
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

    /**
     * Every customer's invoice is mailed, and every invoice with something to pay has its payment
     * request (an invoice of zero is paid as it is finalized). Notices mailed during the month are
     * there too, but how many depends on how the usage was batched, so they are not waited for.
     */
    private void awaitDelivered() {
        awaitUntil(Duration.ofMinutes(2), () -> customers.stream().allMatch(customer -> {
            JsonNode invoices = client.invoices(customer.id()).body();
            if (invoices.size() != 1) {
                return false;
            }
            boolean owes = invoices.get(0).get("total_minor").asLong() > 0;
            return client.payments(customer.id()).body().size() == (owes ? 1 : 0)
                    && client.notifications(customer.id()).body().valueStream()
                            .anyMatch(mail -> mail.get("reference").asString().startsWith("invoice:"));
        }), "payment requests and emails");
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
