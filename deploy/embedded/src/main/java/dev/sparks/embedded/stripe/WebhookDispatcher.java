package dev.sparks.embedded.stripe;

import com.stripe.model.Event;
import com.stripe.net.ApiResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends the account's events to one webhook endpoint the way Stripe does: the event as JSON in a
 * POST, signed in {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>},
 * retried with backoff while the endpoint does not answer 2xx. On demand it misbehaves the ways
 * Stripe is documented to: each event delivered twice, deliveries held back and released in reverse
 * order, delayed, or lost.
 */
public final class WebhookDispatcher implements AutoCloseable {

    /** One delivery attempt and the endpoint's answer (0: no answer). */
    public record Delivery(String eventId, String type, int status) {}

    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("stripe-standin-webhooks").daemon().factory());
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Event> held = new ArrayList<>();
    private final AtomicInteger toDrop = new AtomicInteger();
    private volatile URI endpoint;
    private volatile String secret;
    private volatile boolean duplicate;
    private volatile boolean holding;
    private volatile Duration delay = Duration.ZERO;

    WebhookDispatcher(Clock clock) {
        this.clock = clock;
    }

    /** Where events go and the endpoint's signing secret ({@code whsec_…}); null stops sending. */
    public void endpoint(URI endpoint, String secret) {
        this.endpoint = endpoint;
        this.secret = secret;
    }

    /** Every event is delivered twice from now on, as Stripe may do. */
    public void duplicateEach(boolean on) {
        duplicate = on;
    }

    /** Each delivery waits this long first. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** The next {@code count} events are never delivered (a lost webhook). */
    public void dropNext(int count) {
        toDrop.set(count);
    }

    /** Holds events back until {@link #releaseReversed()}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Delivers the held events newest first, and stops holding. */
    public synchronized void releaseReversed() {
        holding = false;
        List<Event> reversed = new ArrayList<>(held);
        Collections.reverse(reversed);
        held.clear();
        reversed.forEach(this::send);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized void publish(Event event) {
        if (endpoint == null) {
            return;
        }
        if (toDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            deliveries.add(new Delivery(event.getId(), event.getType(), -1));
            return;
        }
        if (holding) {
            held.add(event);
            return;
        }
        send(event);
    }

    private void send(Event event) {
        String body = ApiResource.GSON.toJson(event);
        int copies = duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            sender.execute(() -> deliver(event, body));
        }
    }

    private void deliver(Event event, String body) {
        sleep(delay);
        for (int attempt = 0; attempt < 6; attempt++) {
            int status = post(body);
            deliveries.add(new Delivery(event.getId(), event.getType(), status));
            if (status >= 200 && status < 300) {
                return;
            }
            sleep(Duration.ofMillis(100L << attempt));
        }
    }

    private int post(String body) {
        URI target = endpoint;
        String key = secret;
        if (target == null) {
            return 0;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                    .header("Stripe-Signature", signatureHeader(body, key, clock.instant().getEpochSecond()))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Stripe's signature scheme: {@code t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<payload>")>}. */
    public static String signatureHeader(String payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
