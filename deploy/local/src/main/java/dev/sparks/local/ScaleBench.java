package dev.sparks.local;

import dev.sparks.local.lag.LagCollector;
import dev.sparks.local.lag.LagTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./sparks bench scale [events]}: the pipeline scaled out on this machine. A cluster of three
 * in-process KRaft brokers (replication factor 3, {@code min.insync.replicas} 2) and ingest,
 * rating, subscription and invoicing, each first alone, then as two instances of one consumer
 * group. It measures events/s end to end (accepted by ingest until accounted in subscription and
 * invoicing) with one instance each, then with two; then streams {@code events} more and, a third
 * of the way in, stops one broker and SIGKILLs one instance of every service. Every event of the
 * three phases must then be accounted exactly once, by the services' own counts and by
 * invoicing's reconciliation; the run fails otherwise.
 *
 * <p>The client is a load balancer's worth of logic: batches go round-robin to the ingest
 * instances that answer, and a batch whose instance died is sent again to another; ingestion's
 * de-duplication by event id makes that safe.
 */
final class ScaleBench {

    private static final int BROKERS = 3;
    /** The broker stopped mid-stream; not the one that also runs the KRaft controller. */
    private static final int STOPPED_BROKER = BROKERS - 1;
    private static final List<String> SCALED = List.of(
            "usage-ingest-service", "rating-service", "subscription-service", "invoicing-service");
    private static final int BATCH = 500;
    private static final int CLIENT_THREADS = 4;
    private static final Duration DRAIN = Duration.ofMinutes(20);

    private final Stack stack;
    private final SparksClient client;
    private final SampleMonth.Window window;
    private final YearMonth month;
    /** The instances alive now, per service, in the order clients try them. */
    private final java.util.Map<String, List<ServiceSpec>> live = new java.util.concurrent.ConcurrentHashMap<>();

    private ScaleBench(Stack stack, YearMonth month) {
        this.stack = stack;
        this.client = new SparksClient(stack.apiKey());
        this.month = month;
        this.window = SampleMonth.acceptedPart(month, Stack.machineClock().instant());
        SCALED.forEach(module -> live.put(module, new java.util.concurrent.CopyOnWriteArrayList<>(List.of(ServiceSpec.named(module)))));
    }

    /** Returns whether every event was accounted exactly once. */
    static boolean run(Path root, int events) throws Exception {
        Path state = Files.createTempDirectory("sparks-bench-scale-");
        Stack.Options options = new Stack.Options(root, state, false, 0, 0, 0, SparksLocal.randomKey(), false);
        List<ServiceSpec> firstInstances = SCALED.stream().map(ServiceSpec::named).toList();
        try (Stack stack = new Stack(options, System.getenv()).withKafkaCluster(BROKERS).start(firstInstances)) {
            YearMonth month = YearMonth.now(Stack.machineClock()).minusMonths(1);
            return new ScaleBench(stack, month).measure(Math.max(4 * BATCH, events));
        }
    }

    private boolean measure(int events) throws Exception {
        int phase = events / 4;
        Console.say("");
        Console.say("Scale-out: " + BROKERS + " brokers (replication factor 3, min.insync.replicas 2); "
                + String.join(", ", SCALED));
        double one = phase("one instance each", 0, phase, null);

        Console.say("Starting a second instance of each (same consumer groups, same databases)");
        for (String module : SCALED) {
            ServiceSpec second = ServiceSpec.named(module).instance(2);
            Console.step(module + " on " + second.url(), () -> stack.startInstance(second));
            live.get(module).add(second);
        }
        double two = phase("two instances each", phase, phase, null);

        double faulted = phase("two instances each; a third of the way in, broker " + STOPPED_BROKER
                + " stops and one instance of each service is killed", 2 * phase, events, this::fault);

        int total = 2 * phase + events;
        Console.say("");
        Console.say(String.format("  events/s end to end: one instance each %,.0f | two instances each %,.0f (x%.2f)"
                + " | through the faults %,.0f", one, two, two / one, faulted));
        boolean exact = audit(total);
        Console.say("");
        Console.say("Consumer lag after the run (broker side; the killed instances' groups carry on with the survivors):");
        try (LagCollector lag = new LagCollector(stack.bootstrapServers(), Stack.machineClock(), Duration.ofSeconds(10))) {
            System.out.print(LagTable.format(lag.collect()));
        }
        return exact;
    }

    /** Sends {@code count} events from number {@code first}; returns events/s until all are accounted. */
    private double phase(String what, int first, int count, Runnable faultAtOneThird) throws Exception {
        Console.say("");
        Console.say("  " + what + ": " + String.format("%,d", count) + " events");
        long started = System.nanoTime();
        AtomicInteger sentBatches = new AtomicInteger();
        AtomicLong resent = new AtomicLong();
        int batches = (count + BATCH - 1) / BATCH;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        List<Future<?>> sends = new ArrayList<>();
        for (int from = first; from < first + count; from += BATCH) {
            int start = from;
            int size = Math.min(BATCH, first + count - from);
            sends.add(pool.submit(() -> {
                List<SampleMonth.Event> batch = new ArrayList<>(size);
                for (int i = start; i < start + size; i++) {
                    batch.add(Bench.event(window, i));
                }
                sendUntilAccepted(SampleMonth.batch(batch), start / BATCH, resent);
                if (sentBatches.incrementAndGet() == batches / 3 && faultAtOneThird != null) {
                    faultAtOneThird.run();
                }
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        pool.shutdown();
        double accepted = (System.nanoTime() - started) / 1e9;
        long target = first + count;
        Demo.awaitUntil(DRAIN, () -> accounted() >= target, "accounting of " + target + " events");
        double seconds = (System.nanoTime() - started) / 1e9;
        Console.say(String.format("    accepted in %.1fs (%d batches sent again), accounted in %.1fs = %,.0f events/s",
                accepted, resent.get(), seconds, count / seconds));
        return count / seconds;
    }

    private void sendUntilAccepted(String batch, int number, AtomicLong resent) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        for (int attempt = 0; System.nanoTime() - deadline < 0; attempt++) {
            List<ServiceSpec> ingest = live.get("usage-ingest-service");
            ServiceSpec target = ingest.get((number + attempt) % ingest.size());
            try {
                SparksClient.Response response = client.postEvents(target, batch);
                if (response.status() == 202) {
                    return;
                }
            } catch (IllegalStateException unreachable) {
                // the instance died under us; another one takes the batch
            }
            resent.incrementAndGet();
            Stack.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("No ingest instance accepted batch " + number + " within " + DRAIN);
    }

    /** One broker stops for good; the first instance of each service is SIGKILLed, its second carries on. */
    private void fault() {
        Console.say("    fault: stopping broker " + STOPPED_BROKER + " and killing the first instance of each service");
        for (String module : SCALED) {
            ServiceSpec first = ServiceSpec.named(module);
            live.get(module).remove(first);
            stack.kill(first);
        }
        stack.stopBroker(STOPPED_BROKER);
    }

    /** Accounted this month in both subscription and invoicing, asked of instances that are alive. */
    private long accounted() {
        return Math.min(count("subscription-service"), count("invoicing-service"));
    }

    private long count(String module) {
        return client.get(live.get(module).getLast().url() + "/v1/admin/usage/accounted?month=" + month)
                .body().get("events").asLong();
    }

    /** Exactly once: each service's count and invoicing's reconciliation against the events sent. */
    private boolean audit(int total) {
        long subscription = count("subscription-service");
        long invoicing = count("invoicing-service");
        JsonNode reconciliation = client.get(live.get("invoicing-service").getLast().url()
                + "/v1/admin/reconciliation?month=" + month).body();
        long ingested = 0;
        long rated = 0;
        long invoiced = 0;
        for (JsonNode row : reconciliation.get("rows")) {
            ingested += row.get("ingested").get("events").asLong();
            rated += row.get("rated").get("events").asLong();
            invoiced += row.get("invoiced").get("events").asLong();
        }
        boolean balanced = reconciliation.get("balanced").asBoolean();
        boolean exact = balanced && subscription == total && invoicing == total && ingested == total
                && rated == total && invoiced == total;
        Console.say("");
        Console.say(String.format("Reconciliation of %,d distinct events sent: ingested %,d, rated %,d, invoiced %,d;"
                + " accounted in subscription %,d, in invoicing %,d; %s", total, ingested, rated, invoiced,
                subscription, invoicing, balanced ? "balanced" : "NOT balanced: " + reconciliation.get("differences")));
        Console.say(exact ? "  every event accounted exactly once" : "  FAILED: lost or counted twice");
        return exact;
    }
}
