package dev.sparks.local;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ingest on its own: one event per request from several concurrent clients, the way a chatty app
 * reports usage as it happens. Prints requests/s and the latency each client saw, which includes
 * the Kafka transaction behind every 202.
 */
final class IngestBench {

    private IngestBench() {}

    static void singleEventRequests(SparksClient client, int requests, int concurrentClients) throws Exception {
        client.appKey();
        long[] latencyNanos = new long[requests];
        AtomicInteger next = new AtomicInteger();
        String occurredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        long started = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(concurrentClients)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < concurrentClients; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        String event = new SampleMonth.Event(new UUID(0x51L, i).toString(), "bench-single-" + (i % 100),
                                "api_calls", java.math.BigDecimal.ONE, Instant.parse(occurredAt)).json();
                        long sent = System.nanoTime();
                        SparksClient.Response response = client.postEvents(event);
                        latencyNanos[i] = System.nanoTime() - sent;
                        if (response.status() != 202) {
                            throw new IllegalStateException("Ingest answered " + response.status() + ": " + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : running) {
                each.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencyNanos);
        Console.say(String.format("  %,d single-event requests, %d concurrent clients: %,.0f requests/s; "
                        + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms", requests, concurrentClients, requests / seconds,
                percentile(latencyNanos, 50), percentile(latencyNanos, 99), latencyNanos[requests - 1] / 1e6));
    }

    private static double percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
