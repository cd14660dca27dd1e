package dev.sparks.embedded.stripe;

import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.PaymentIntent;
import com.stripe.net.ApiResource;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for Stripe's API, for tests and the local stack. It speaks the documented wire
 * format for what Sparks uses: form-encoded requests with {@code Authorization: Bearer <secret key>},
 * JSON built from stripe-java's model classes, errors as {@code {"error": {...}}} with Stripe's
 * status codes, {@code Idempotency-Key} replay (same key and parameters: the same answer; other
 * parameters: 400 {@code idempotency_error}), Stripe's test cards, and signed webhooks
 * ({@link WebhookDispatcher}). Faults are injected on demand: the next requests answered 429 or
 * 500 without running, or run and answered late (a client's read timeout).
 *
 * <p>Control methods stand for what a person or a bank does on Stripe's side: completing a hosted
 * Checkout page, a payment settling, a dispute being opened.
 */
public final class StripeStandIn implements AutoCloseable {

    /** One API request as the stand-in saw it; {@code replayed}: answered from an earlier request with its key. */
    public record Request(String method, String path, String idempotencyKey, int status, boolean replayed) {}

    private final HttpServer server;
    private final ExecutorService workers;
    private final String secretKey;
    private final StripeLedger ledger;
    private final WebhookDispatcher webhooks;
    private final IdempotencyKeys replays = new IdempotencyKeys();
    private final Faults faults = new Faults();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final StandInRoutes routes;
    private final HostedPages pages;

    private StripeStandIn(HttpServer server, String secretKey, Clock clock) {
        this.server = server;
        this.secretKey = secretKey;
        this.webhooks = new WebhookDispatcher(clock);
        this.ledger = new StripeLedger(clock, apiBase(), webhooks::publish);
        this.routes = new StandInRoutes(ledger);
        this.pages = new HostedPages(ledger);
        this.workers = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("stripe-standin-", 0).daemon().factory());
    }

    /** Starts on {@code port} (0: a free one) on the loopback address, accepting {@code secretKey}. */
    public static StripeStandIn start(int port, String secretKey, Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            StripeStandIn standIn = new StripeStandIn(server, secretKey, clock);
            server.setExecutor(standIn.workers);
            server.createContext("/", standIn::handle);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Stripe stand-in", e);
        }
    }

    /** What stripe-java takes as its API base ({@code StripeClient.builder().setApiBase(...)}). */
    public String apiBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public WebhookDispatcher webhooks() {
        return webhooks;
    }

    /** The next {@code count} API requests are answered {@code status} (429, 500, 503) without running. */
    public void failNext(int count, int status) {
        failNext("/", count, status);
    }

    /** As {@link #failNext(int, int)}, for requests to paths starting with {@code pathPrefix} only. */
    public void failNext(String pathPrefix, int count, int status) {
        faults.failNext(pathPrefix, count, status);
    }

    /**
     * The next {@code count} API requests to paths starting with {@code pathPrefix} run, and are
     * answered only after {@code delay}: a client whose read timeout is shorter sees a network error
     * although Stripe did the work.
     */
    public void delayNext(String pathPrefix, int count, Duration delay) {
        faults.delayNext(pathPrefix, count, delay);
    }

    /** From now on confirmed payments go {@code processing} until {@link #settle(String)}. */
    public void settleAsynchronously(boolean on) {
        ledger.settleAsynchronously(on);
    }

    public PaymentIntent settle(String paymentIntentId) {
        return ledger.settle(paymentIntentId);
    }

    /** The customer completes the hosted Checkout page of {@code sessionId} with a test card token. */
    public void completeCheckout(String sessionId, String testCardToken) {
        ledger.completeCheckout(sessionId, testCardToken);
    }

    public Dispute dispute(String paymentIntentId) {
        return ledger.dispute(paymentIntentId);
    }

    public Dispute closeDispute(String disputeId, boolean won) {
        return ledger.closeDispute(disputeId, won);
    }

    public List<PaymentIntent> paymentIntents() {
        return ledger.paymentIntents();
    }

    public List<Customer> customers() {
        return ledger.customers();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (HostedPages.serves(path)) {
            hostedPage(exchange, method, path);
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        FormBody form = FormBody.parse("GET".equals(method) ? exchange.getRequestURI().getRawQuery() : body);
        Faults.Fault fault = faults.next(path);
        IdempotencyKeys.Answer answer;
        if (!("Bearer " + secretKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer = IdempotencyKeys.Answer.of(StandInError.of(401, "invalid_request_error", null,
                    "Invalid API Key provided."));
        } else if (fault.status() > 0) {
            answer = IdempotencyKeys.Answer.of(fault.status() == 429
                    ? StandInError.of(429, "invalid_request_error", "rate_limit", "Too many requests hit the API too quickly.")
                    : StandInError.of(fault.status(), "api_error", null, "An unexpected error occurred (stand-in fault)."));
        } else if ("POST".equals(method) && key != null) {
            answer = replays.answer(key, method + " " + path + " " + form.params(), () -> run(method, path, form));
        } else {
            answer = run(method, path, form);
        }
        requests.add(new Request(method, path, key, answer.status(), answer.replayed()));
        if (!fault.delay().isZero()) {
            try {
                Thread.sleep(fault.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_standin_" + requests.size());
        if (answer.replayed()) {
            exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
        }
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException gone) {
            // the client gave up waiting (its read timeout): the request ran all the same
        } finally {
            exchange.close();
        }
    }

    private void hostedPage(HttpExchange exchange, String method, String path) throws IOException {
        int status = 200;
        String html;
        try {
            html = pages.page(method, path, FormBody.parse(exchange.getRequestURI().getRawQuery()));
        } catch (StandInError e) {
            status = e.status;
            html = "<!doctype html><p>" + e.getMessage() + "</p>";
        }
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private IdempotencyKeys.Answer run(String method, String path, FormBody form) {
        try {
            Object result = routes.route(method, path, form);
            return new IdempotencyKeys.Answer(200, ApiResource.GSON.toJson(result), false);
        } catch (StandInError e) {
            return IdempotencyKeys.Answer.of(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        webhooks.close();
    }
}
