package dev.sparks.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./sparks chaos}: the real stack under faults, judged by reconciliation. Customers use the
 * product through a month; every event is sent one to four times; meanwhile the stateful services
 * are killed and restarted, the broker and the database restart, SMTP refuses mail for a while,
 * and the month is closed while usage is still arriving (some of it the month's own, late). Then
 * {@link ChaosAudit} follows every event and prints lost and counted twice per stage.
 */
public final class Chaos {

    /**
     * What one run does; {@link #full} is {@code ./sparks chaos}, {@link #quick} the one in
     * {@code ./sparks test}.
     *
     * @param copiesPerSecond how fast events are sent (0: as fast as ingest takes them); a short run
     *                        sends slowly so that its faults happen while usage still flows
     */
    public record Settings(int events, int customers, int copiesPerSecond, ChaosFaults.Settings faults, long seed) {

        public static Settings full(int events, long seed) {
            return new Settings(events, 100, 0, new ChaosFaults.Settings(3, true, true, Duration.ofSeconds(60),
                    Duration.ofSeconds(20)), seed);
        }

        public static Settings quick(long seed) {
            return new Settings(4_000, 20, 200, new ChaosFaults.Settings(1, true, true, Duration.ofSeconds(10),
                    Duration.ofSeconds(3)), seed);
        }
    }

    public record Outcome(boolean passed, List<ChaosAudit.Row> rows, List<String> faults, Duration took) {}

    /** A month whose date does not matter: the run's clock is pinned there, whatever today is. */
    static final YearMonth MONTH = YearMonth.of(2027, 3);
    /** Events per request: ingest's best size when unpaced, smaller when paced so the stream is even. */
    private static final int BATCH = 500;
    private static final int PACED_BATCH = 100;
    private static final int SENDERS = 4;

    private final Stack stack;
    private final Settings settings;
    private final SparksClient client;

    Chaos(Stack stack, Settings settings) {
        this.stack = stack;
        this.settings = settings;
        this.client = new SparksClient(stack.apiKey());
    }

    /** {@code ./sparks chaos [events] [seed]}: exits non-zero on any difference. */
    static void main(Path root, String[] args) throws Exception {
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        Outcome outcome = run(root, Settings.full(events, seed));
        System.exit(outcome.passed() ? 0 : 1);
    }

    /** Starts a persistent stack in a temporary folder, runs, audits and stops it. */
    public static Outcome run(Path root, Settings settings) throws Exception {
        Path state = Files.createTempDirectory("sparks-chaos-");
        Stack.Options options = new Stack.Options(root, state, true, 0, 0, 0, SparksLocal.randomKey(), true)
                .startingAt(Demo.startOf(MONTH));
        try (Stack stack = new Stack(options, Map.of()).start()) {
            return new Chaos(stack, settings).run();
        }
    }

    Outcome run() throws Exception {
        long started = System.nanoTime();
        ChaosLedger ledger = ChaosLedger.plan(MONTH, settings.customers(), settings.events(), settings.seed());
        Console.say("");
        Console.say("Chaos run (seed " + settings.seed() + "): " + ledger.distinctEvents() + " distinct events, "
                + ledger.eventsSent() + " sends, " + settings.customers() + " customers on Starter, month " + MONTH);
        Console.step("customers sign up on " + MONTH.atDay(1), () -> signUp(ledger));

        stack.moveClock(Demo.startOf(MONTH.plusMonths(1)).minus(Duration.ofHours(12)));
        ChaosFaults faults = new ChaosFaults(stack, settings.faults(), settings.seed());
        faults.start();
        send("the month's usage", ChaosLedger.copiesShuffled(ledger.onTime(), settings.seed()));

        Instant nextMonth = Demo.startOf(MONTH.plusMonths(1)).plus(Duration.ofMinutes(30));
        stack.moveClock(nextMonth);
        Console.say("  [clock] " + nextMonth + ": the month is over; closing it while usage still arrives");
        ExecutorService closing = Executors.newSingleThreadExecutor();
        Future<?> close = closing.submit(() -> {
            closeUntilDone(MONTH);
            faults.mailOutage();
            return null;
        });
        List<SampleMonth.Event> stillArriving = ChaosLedger.copiesShuffled(ledger.late(), settings.seed());
        stillArriving.addAll(ChaosLedger.copiesShuffled(ledger.nextMonth(), settings.seed()));
        java.util.Collections.shuffle(stillArriving, new java.util.Random(settings.seed()));
        send("late and next month's usage", stillArriving);
        close.get();
        closing.shutdown();
        faults.awaitDone();

        Console.step("waiting until every event is accounted", () -> awaitAccounted(ledger));
        Instant monthAfter = Demo.startOf(MONTH.plusMonths(2)).plus(Duration.ofMinutes(30));
        stack.moveClock(monthAfter);
        closeUntilDone(MONTH.plusMonths(1));
        Console.step("waiting for every invoice email", () -> awaitInvoiceMail(ledger));

        ChaosAudit audit = ChaosAudit.of(stack, client, ledger, MONTH);
        audit.print();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Console.say(String.format("  took %d min %d s", took.toMinutes(), took.toSecondsPart()));
        return new Outcome(audit.passed(), audit.rows(), faults.log(), took);
    }

    private void signUp(ChaosLedger ledger) {
        for (String customer : ledger.customers()) {
            client.putCustomer(customer, customer + "@chaos.example", customer);
            SparksClient.Response subscribed = client.post(ServiceSpec.named("subscription-service").url()
                    + "/api/billing/subscribe", "{\"customer_id\":\"" + customer + "\",\"plan\":\"starter\",\"trial\":false}");
            if (subscribed.status() != 201) {
                throw new IllegalStateException("Could not subscribe " + customer + ": " + subscribed.body());
            }
        }
    }

    /**
     * Posts every copy in batches from several clients, as publishing apps would: a batch that is
     * not accepted (ingest restarting, broker away) is sent again until it is, so nothing the run
     * counts as sent was refused.
     */
    private void send(String what, List<SampleMonth.Event> copies) throws Exception {
        AtomicLong posted = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        long started = System.nanoTime();
        try (ExecutorService senders = Executors.newFixedThreadPool(SENDERS)) {
            List<Future<?>> batches = new java.util.ArrayList<>();
            int size = settings.copiesPerSecond() == 0 ? BATCH : PACED_BATCH;
            for (int from = 0; from < copies.size(); from += size) {
                List<SampleMonth.Event> batch = copies.subList(from, Math.min(copies.size(), from + size));
                long due = settings.copiesPerSecond() == 0 ? 0 : from * 1_000_000_000L / settings.copiesPerSecond();
                batches.add(senders.submit(() -> {
                    long wait = started + due - System.nanoTime();
                    if (wait > 0) {
                        Stack.sleep(Duration.ofNanos(wait));
                    }
                    postUntilAccepted(batch, retries);
                    long done = posted.addAndGet(batch.size());
                    if (done % 20_000 < batch.size()) {
                        Console.say(String.format("  %s: %,d of %,d sent (%,.0f/s)", what, done, copies.size(),
                                done / ((System.nanoTime() - started) / 1e9)));
                    }
                    return null;
                }));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        }
        Console.say(String.format("  %s: all %,d sent; %,d batch(es) sent again after a refusal", what, copies.size(),
                retries.get()));
    }

    private void postUntilAccepted(List<SampleMonth.Event> batch, AtomicLong retries) {
        String body = SampleMonth.batch(batch);
        while (true) {
            try {
                if (client.postEvents(body).status() == 202) {
                    return;
                }
            } catch (IllegalStateException unreachable) {
                // ingest is restarting or its broker is away: try again, as a publishing app would
            }
            retries.incrementAndGet();
            Stack.sleep(Duration.ofMillis(500));
        }
    }

    /** An admin closing the month: asks again if invoicing was down (killed) when asked. */
    private void closeUntilDone(YearMonth month) {
        while (true) {
            try {
                SparksClient.Response closed = client.closePeriod(month.toString());
                if (closed.status() == 200) {
                    Console.say("  [close] " + month + ": " + closed.body().get("finalized_invoices").size() + " invoice(s) finalized");
                    return;
                }
            } catch (IllegalStateException unreachable) {
                // invoicing is restarting
            }
            Stack.sleep(Duration.ofSeconds(1));
        }
    }

    private void awaitAccounted(ChaosLedger ledger) {
        long expected = ledger.distinctEvents();
        Demo.awaitUntil(Duration.ofMinutes(20), () -> {
            long counted = 0;
            for (YearMonth month : List.of(MONTH, MONTH.plusMonths(1))) {
                counted += client.get(ServiceSpec.named("subscription-service").url() + "/v1/admin/usage/accounted?month="
                        + month).body().get("events").asLong();
            }
            return counted >= expected;
        }, "every event to be counted in subscription");
        Demo.awaitUntil(Duration.ofMinutes(20), () -> {
            long rated = 0;
            for (YearMonth month : List.of(MONTH, MONTH.plusMonths(1))) {
                for (var row : client.get(ServiceSpec.named("invoicing-service").url() + "/v1/admin/reconciliation?month="
                        + month).body().get("rows")) {
                    rated += row.get("rated").get("events").asLong();
                }
            }
            return rated >= expected;
        }, "every event to reach invoicing");
    }

    private void awaitInvoiceMail(ChaosLedger ledger) {
        Demo.awaitUntil(Duration.ofMinutes(10), () -> {
            long invoices = ledger.customers().stream().mapToLong(customer -> client.invoices(customer).body().size()).sum();
            return invoices >= 2L * ledger.customers().size() && stack.mail().stream().filter(message -> {
                try {
                    return message.getSubject().startsWith("Your Sparks invoice");
                } catch (jakarta.mail.MessagingException e) {
                    return false;
                }
            }).count() >= invoices;
        }, "every invoice to be finalized and mailed");
    }
}
