package dev.sparks.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/**
 * Real-time quota figures on the running stack: {@code POST /v1/quota/authorize} latency and
 * throughput at a steady closed-loop load (a fixed number of clients, each sending its next
 * request when the previous one is answered), and, under that load, how long a usage event takes
 * from {@code POST /v1/events} to showing in {@code GET /api/usage/current} (polled every 5 ms).
 */
final class QuotaBench {

    private static final int CUSTOMERS = 200;
    private static final int CLIENTS = 4;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration STEADY = Duration.ofSeconds(20);
    private static final int PROBES = 2;
    private static final int SAMPLES_PER_PROBE = 60;

    private QuotaBench() {}

    static void run(SparksClient client) throws Exception {
        String subscription = ServiceSpec.named("subscription-service").url();
        for (int i = 0; i < CUSTOMERS; i++) {
            client.putCustomer(customer(i), "quota-bench-" + i + "@sparks.local", null);
        }
        Console.say("");
        Console.say("Quotas: POST /v1/quota/authorize from " + CLIENTS + " clients (closed loop), " + CUSTOMERS
                + " customers, " + STEADY.toSeconds() + " s after a " + WARM_UP.toSeconds() + " s warm-up");
        // Warm up the JIT and the pipeline's transactional producers, which start on first use.
        ExecutorService warmUp = Executors.newSingleThreadExecutor();
        Future<long[]> warmProbe = warmUp.submit(() -> probe(client, subscription, 5));
        load(client, subscription, WARM_UP);
        warmProbe.get();
        warmUp.shutdown();

        long started = System.nanoTime();
        long[] latencies = load(client, subscription, STEADY);
        report("quota/authorize", latencies, (System.nanoTime() - started) / 1e9);

        ExecutorService probes = Executors.newFixedThreadPool(PROBES);
        List<Future<long[]>> probeResults = new ArrayList<>();
        for (int p = 0; p < PROBES; p++) {
            probeResults.add(probes.submit(() -> probe(client, subscription, SAMPLES_PER_PROBE)));
        }
        started = System.nanoTime();
        long[] underProbes = load(client, subscription, STEADY);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Long> usage = new ArrayList<>();
        for (Future<long[]> result : probeResults) {
            Arrays.stream(result.get()).forEach(usage::add);
        }
        probes.shutdown();
        long[] usageLatencies = usage.stream().mapToLong(Long::longValue).sorted().toArray();
        Console.say(String.format("  usage to counter (POST /v1/events until GET /api/usage/current shows it, %d samples"
                        + " from %d probes while the load runs): p50 %.0f ms, p99 %.0f ms, max %.0f ms", usageLatencies.length,
                PROBES, millis(percentile(usageLatencies, 50)), millis(percentile(usageLatencies, 99)),
                millis(usageLatencies[usageLatencies.length - 1])));
        report("quota/authorize while probing", underProbes, seconds);
    }

    private static void report(String what, long[] latencies, double seconds) {
        Console.say(String.format("  %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms; %,.0f requests/s (%,d requests)", what,
                millis(percentile(latencies, 50)), millis(percentile(latencies, 99)),
                millis(latencies[latencies.length - 1]), latencies.length / seconds, latencies.length));
    }

    /** Sorted request latencies in nanoseconds. */
    private static long[] load(SparksClient client, String subscription, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long deadline = System.nanoTime() + duration.toNanos();
        List<Future<List<Long>>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                List<Long> measured = new ArrayList<>();
                while (System.nanoTime() < deadline) {
                    String body = "{\"customer_id\":\"" + customer(ThreadLocalRandom.current().nextInt(CUSTOMERS)) + "\",\"sparks\":1}";
                    long start = System.nanoTime();
                    SparksClient.Response response = client.post(subscription + "/v1/quota/authorize", body);
                    measured.add(System.nanoTime() - start);
                    if (response.status() != 200) {
                        throw new IllegalStateException("quota/authorize answered " + response.status() + ": " + response.body());
                    }
                }
                return measured;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> measured : clients) {
            all.addAll(measured.get());
        }
        pool.shutdown();
        return all.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** One probe: events for fresh customers, each timed until the counter shows it. */
    private static long[] probe(SparksClient client, String subscription, int count) {
        long[] samples = new long[count];
        for (int i = 0; i < count; i++) {
            String customer = "latency-probe-" + UUID.randomUUID();
            String event = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"customer_id\":\"" + customer
                    + "\",\"metric\":\"ai_tokens\",\"quantity\":1000,\"occurred_at\":\"" + Instant.now() + "\"}";
            long start = System.nanoTime();
            SparksClient.Response accepted = client.postEvents(event);
            if (accepted.status() != 202) {
                throw new IllegalStateException("Ingest answered " + accepted.status());
            }
            while (!counted(client.get(subscription + "/api/usage/current?customer_id=" + customer))) {
                if (System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("Usage of " + customer + " was not counted within 60 s");
                }
                Stack.sleep(Duration.ofMillis(5));
            }
            samples[i] = System.nanoTime() - start;
        }
        return samples;
    }

    private static boolean counted(SparksClient.Response usage) {
        JsonNode used = usage.body().get("used_sparks");
        return usage.status() == 200 && used != null && used.decimalValue().signum() > 0;
    }

    private static String customer(int i) {
        return "quota-bench-" + i;
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
