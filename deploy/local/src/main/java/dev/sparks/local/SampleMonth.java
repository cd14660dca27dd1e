package dev.sparks.local;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A realistic month of usage for three customers of an AI product: LLM tokens, compute minutes
 * and storage, spread over the month in many small events. Deterministic, so a run can be checked.
 * Each customer is on a plan from the first of the month: Acme uses more than Starter includes and
 * pays the overage, BrightBot passes Personal's hard limit (never charged beyond it), MailPilot
 * stays on Free.
 */
public final class SampleMonth {

    /** {@code plan}: the plan subscribed to on the first of the month ({@code free} is where everyone starts). */
    public record Customer(String id, String name, String email, String plan, long tokens, BigDecimal computeMinutes,
            BigDecimal storageGbMonths) {

        /** The same customer under another id, so several sample months can share one stack. */
        Customer withIdSuffix(String suffix) {
            return new Customer(id + suffix, name, email, plan, tokens, computeMinutes, storageGbMonths);
        }
    }

    public record Event(String eventId, String customerId, String metric, BigDecimal quantity, Instant occurredAt) {

        public String json() {
            return "{\"event_id\":\"%s\",\"customer_id\":\"%s\",\"metric\":\"%s\",\"quantity\":%s,\"occurred_at\":\"%s\"}"
                    .formatted(eventId, customerId, metric, quantity.toPlainString(), occurredAt);
        }
    }

    public static final List<Customer> CUSTOMERS = List.of(
            new Customer("acme-voice", "Acme Voice Agents", "billing@acme-voice.example", "starter", 2_500_000,
                    new BigDecimal("180"), new BigDecimal("3")),
            new Customer("brightbot", "BrightBot Chat", "accounts@brightbot.example", "personal", 640_500,
                    new BigDecimal("42.5"), new BigDecimal("0.75")),
            new Customer("mailpilot", "MailPilot AI", "finance@mailpilot.example", "free", 95_250,
                    new BigDecimal("12"), BigDecimal.ZERO));

    /** The sample customers with {@code suffix} appended to their ids ("" for the demo's own). */
    public static List<Customer> customers(String suffix) {
        return CUSTOMERS.stream().map(customer -> customer.withIdSuffix(suffix)).toList();
    }

    private SampleMonth() {}

    /** How old an event ingestion still accepts, less a margin for a slow run. */
    static final Duration ACCEPTED_AGE = Duration.ofDays(34);

    /**
     * The month's events: each customer's totals split into pieces that add up exactly, spread
     * over the part of the month that ingestion still accepts at {@code now} (events older than
     * 35 days are refused), which is at least its last few days.
     */
    public static List<Event> events(YearMonth month, Instant now, List<Customer> customers) {
        List<Event> events = new ArrayList<>();
        Window window = acceptedPart(month, now);
        for (Customer customer : customers) {
            split(events, month, window, customer, "ai_tokens", BigDecimal.valueOf(customer.tokens()), 20);
            split(events, month, window, customer, "compute_minutes", customer.computeMinutes(), 8);
            split(events, month, window, customer, "storage_gb_months", customer.storageGbMonths(), 1);
        }
        return events;
    }

    /** The span of a past month in which events are still accepted at {@code now}. */
    public record Window(Instant from, Instant to) {

        /** The {@code n}th of {@code count} instants spread evenly over the window. */
        public Instant spread(long n, long count) {
            long span = Duration.between(from, to).toMillis();
            return from.plusMillis(span * (2 * n + 1) / (2 * count));
        }
    }

    public static Window acceptedPart(YearMonth month, Instant now) {
        Instant monthStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant oldestAccepted = now.minus(ACCEPTED_AGE);
        return new Window(monthStart.isAfter(oldestAccepted) ? monthStart : oldestAccepted, monthEnd);
    }

    /** A little usage happening now, so "used this month" has something to show. */
    public static List<Event> happeningNow(Instant now, List<Customer> customers) {
        return customers.stream()
                .map(customer -> new Event(id(now.toString(), customer.id(), 0), customer.id(), "ai_tokens",
                        BigDecimal.valueOf(customer.tokens() / 250), now))
                .toList();
    }

    private static void split(List<Event> events, YearMonth month, Window window, Customer customer, String metric,
            BigDecimal total, int pieces) {
        if (total.signum() == 0) {
            return;
        }
        BigDecimal piece = total.divide(BigDecimal.valueOf(pieces), 0, java.math.RoundingMode.DOWN);
        BigDecimal remaining = total;
        for (int i = 0; i < pieces; i++) {
            BigDecimal quantity = i == pieces - 1 ? remaining : piece;
            remaining = remaining.subtract(quantity);
            Instant occurredAt = window.spread(i, pieces);
            events.add(new Event(id(month.toString(), customer.id() + "|" + metric, i), customer.id(), metric, quantity,
                    occurredAt));
        }
    }

    private static String id(String scope, String what, int n) {
        return UUID.nameUUIDFromBytes(("demo|" + scope + "|" + what + "|" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static String batch(List<Event> events) {
        return "{\"events\":[" + String.join(",", events.stream().map(Event::json).toList()) + "]}";
    }
}
