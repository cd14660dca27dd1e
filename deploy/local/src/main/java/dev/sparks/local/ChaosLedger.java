package dev.sparks.local;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The ground truth of a chaos run: every distinct event it will send, how many times each is sent,
 * and what each customer must be billed for, computed here from what was sent and never read back
 * from the platform. Events are AI tokens in whole thousands, so their Sparks are exact
 * (1,000 tokens = 100 Sparks) and any difference is a real one.
 */
final class ChaosLedger {

    static final BigDecimal SPARKS_PER_TOKEN = new BigDecimal("0.1");

    /** One distinct event and how many times the run sends it (1–4). */
    record Planned(SampleMonth.Event event, int copies) {

        BigDecimal sparks() {
            return event.quantity().multiply(SPARKS_PER_TOKEN);
        }

        YearMonth month() {
            return YearMonth.from(event.occurredAt().atZone(ZoneOffset.UTC));
        }
    }

    private final List<String> customers;
    private final List<Planned> onTime;
    private final List<Planned> late;
    private final List<Planned> nextMonth;

    private ChaosLedger(List<String> customers, List<Planned> onTime, List<Planned> late, List<Planned> nextMonth) {
        this.customers = customers;
        this.onTime = onTime;
        this.late = late;
        this.nextMonth = nextMonth;
    }

    /**
     * {@code events} distinct events for {@code customers} customers: most in {@code month} (sent
     * before it ends), some of {@code month} that arrive only after it was closed (they belong on
     * the next invoice as an adjustment), and some of the next month's first half hour.
     */
    static ChaosLedger plan(YearMonth month, int customerCount, int events, long seed) {
        Random random = new Random(seed);
        List<String> customers = new ArrayList<>();
        for (int c = 0; c < customerCount; c++) {
            customers.add(String.format("chaos-%03d", c));
        }
        Instant monthStart = Demo.startOf(month);
        long monthMillis = Duration.between(monthStart, Demo.startOf(month.plusMonths(1))).toMillis();
        // The month's events occur before the run's clock (the month's last 12 hours are left out).
        long spanMillis = monthMillis - Duration.ofHours(12).toMillis();
        List<Planned> onTime = new ArrayList<>();
        List<Planned> late = new ArrayList<>();
        List<Planned> next = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String customer = customers.get(random.nextInt(customerCount));
            BigDecimal tokens = BigDecimal.valueOf(1_000L * (1 + random.nextInt(20)));
            int copies = 1 + random.nextInt(4);
            int kind = random.nextInt(100);
            Instant occurredAt = kind < 10
                    ? Demo.startOf(month.plusMonths(1)).plusMillis(random.nextInt((int) Duration.ofMinutes(25).toMillis()))
                    : monthStart.plusMillis((long) (random.nextDouble() * spanMillis));
            SampleMonth.Event event = new SampleMonth.Event(new UUID(seed, i).toString(), customer, "ai_tokens", tokens,
                    occurredAt);
            (kind < 10 ? next : kind < 15 ? late : onTime).add(new Planned(event, copies));
        }
        return new ChaosLedger(List.copyOf(customers), onTime, late, next);
    }

    List<String> customers() {
        return customers;
    }

    List<Planned> onTime() {
        return onTime;
    }

    List<Planned> late() {
        return late;
    }

    List<Planned> nextMonth() {
        return nextMonth;
    }

    List<Planned> all() {
        List<Planned> all = new ArrayList<>(onTime);
        all.addAll(late);
        all.addAll(nextMonth);
        return all;
    }

    /** Every copy of {@code planned}, shuffled, so duplicates arrive in other batches and out of order. */
    static List<SampleMonth.Event> copiesShuffled(List<Planned> planned, long seed) {
        List<SampleMonth.Event> copies = new ArrayList<>();
        for (Planned each : planned) {
            for (int c = 0; c < each.copies(); c++) {
                copies.add(each.event());
            }
        }
        Collections.shuffle(copies, new Random(seed));
        return copies;
    }

    long distinctEvents() {
        return all().size();
    }

    long eventsSent() {
        return all().stream().mapToLong(Planned::copies).sum();
    }

    long distinctIn(YearMonth month) {
        return all().stream().filter(planned -> planned.month().equals(month)).count();
    }

    /** What each customer must be billed for, over all its invoices, in Sparks. */
    Map<String, BigDecimal> sparksByCustomer() {
        Map<String, BigDecimal> sparks = new TreeMap<>();
        customers.forEach(customer -> sparks.put(customer, BigDecimal.ZERO));
        all().forEach(planned -> sparks.merge(planned.event().customerId(), planned.sparks(), BigDecimal::add));
        return sparks;
    }
}
