package dev.sparks.local.lag;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@link LagMetrics} on {@code /metrics}, collected afresh at each scrape, as kafka_exporter
 * does on the same default port ({@value #DEFAULT_PORT}), so the Prometheus configuration of the
 * deployments and the dashboards work against the embedded stack too.
 */
public final class LagEndpoint implements AutoCloseable {

    public static final int DEFAULT_PORT = 9308;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(LagEndpoint::scrapeThread);

    private LagEndpoint(HttpServer server) {
        this.server = server;
    }

    /** {@code port} 0 takes a free one. */
    public static LagEndpoint start(LagCollector collector, String clusterName, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            LagEndpoint endpoint = new LagEndpoint(server);
            server.createContext("/metrics", exchange -> endpoint.scrape(exchange, collector, clusterName));
            server.setExecutor(endpoint.executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve lag metrics on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * The HTTP server starts its threads with the JVM's application class loader as their context
     * loader. Kafka's client configs load classes through the context loader, and inside the
     * launcher's Spring Boot jar only the jar's own loader sees Kafka's classes: without this the
     * first scrape fails initialising {@code ConsumerConfig}, for good.
     */
    private static Thread scrapeThread(Runnable task) {
        Thread thread = Thread.ofPlatform().name("sparks-lag-endpoint").daemon().unstarted(task);
        thread.setContextClassLoader(LagEndpoint.class.getClassLoader());
        return thread;
    }

    private void scrape(HttpExchange exchange, LagCollector collector, String clusterName) throws IOException {
        int status = 200;
        String body;
        try {
            body = LagMetrics.format(collector.collect(), clusterName);
        } catch (RuntimeException | LinkageError e) {
            // Always an answer: a scrape left without one would hang until Prometheus' timeout.
            // Prometheus marks the scrape failed (up == 0): no stale numbers are served as fresh.
            status = 503;
            body = "lag not available: " + e.getMessage() + "\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(bytes);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
