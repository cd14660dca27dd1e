package dev.sparks.payment.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.HasId;
import com.stripe.net.RequestOptions;
import dev.sparks.payment.PaymentProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one way to Stripe: stripe-java's {@link StripeClient} (its own retries off), behind a
 * resilience4j retry (network errors, 429 and 5xx only; jittered exponential backoff; every try
 * with the same idempotency key, so a retry never charges twice) and a circuit breaker that opens
 * on a sustained outage ({@link io.github.resilience4j.circuitbreaker.CallNotPermittedException}:
 * the caller leaves its work waiting in the database). Every try is audited.
 */
@Component
public class StripeCalls {

    private static final Logger log = LoggerFactory.getLogger(StripeCalls.class);

    /** One stripe-java call, given the client and the request options carrying the idempotency key. */
    @FunctionalInterface
    public interface Call<T> {
        T run(StripeClient stripe, RequestOptions options) throws StripeException;
    }

    private final StripeClient client;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final StripeAudit audit;
    private final MeterRegistry meters;

    StripeCalls(PaymentProperties properties, StripeAudit audit, MeterRegistry meters) {
        this.audit = audit;
        this.meters = meters;
        this.client = properties.enabled() ? StripeClient.builder()
                .setApiKey(properties.secretKey())
                .setApiBase(properties.apiBase())
                .setConnectTimeout((int) properties.connectTimeout().toMillis())
                .setReadTimeout((int) properties.readTimeout().toMillis())
                .setMaxNetworkRetries(0)
                .build() : null;
        this.retry = Retry.of("stripe", RetryConfig.custom()
                .maxAttempts(properties.retry().maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(properties.retry().initialBackoff(), 2.0, 0.5))
                .retryOnException(StripeFailures::isTransient)
                .build());
        this.breaker = CircuitBreaker.of("stripe", CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.breaker().failureRatePercent())
                .slidingWindowSize(properties.breaker().window())
                .minimumNumberOfCalls(Math.min(5, properties.breaker().window()))
                .waitDurationInOpenState(properties.breaker().openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(StripeFailures::isTransient)
                .build());
        if (client == null) {
            log.warn("Payments are OFF: no Stripe secret key (STRIPE_SECRET_KEY / sparks.payment.secret-key). "
                    + "Payment requests are recorded, nothing is charged and invoices stay open.");
        } else {
            log.info("Payments are on: Stripe at {}", properties.apiBase());
        }
    }

    public boolean enabled() {
        return client != null;
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Runs {@code call} as {@code operation}; {@code idempotencyKey} may be null for reads. */
    public <T> T call(String operation, String idempotencyKey, Call<T> call) throws StripeException {
        if (client == null) {
            throw new IllegalStateException("Payments are off: no Stripe secret key");
        }
        RequestOptions options = idempotencyKey == null ? RequestOptions.getDefault()
                : RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
        try {
            return Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker,
                    () -> audited(operation, idempotencyKey, () -> call.run(client, options)))).get();
        } catch (StripeException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T audited(String operation, String idempotencyKey, Call0<T> call) throws StripeException {
        long started = System.nanoTime();
        try {
            T result = call.run();
            measure(operation, started, 200);
            audit.record(new StripeAudit.Entry("request", operation, idempotencyKey, "ok", 200, millisSince(started),
                    result instanceof HasId id ? id.getId() : null, null));
            return result;
        } catch (StripeException e) {
            measure(operation, started, e.getStatusCode());
            audit.record(new StripeAudit.Entry("request", operation, idempotencyKey, StripeFailures.outcome(e),
                    e.getStatusCode(), millisSince(started), null, e.getCode() + ": " + e.getMessage()));
            throw e;
        }
    }

    /** Micrometer's {@code http.client.requests} shape, which the StripeErrorRate alert reads. */
    private void measure(String operation, long started, Integer status) {
        String outcome = status == null ? "UNKNOWN" : status >= 500 ? "SERVER_ERROR" : status >= 400 ? "CLIENT_ERROR" : "SUCCESS";
        Timer.builder("http.client.requests")
                .tag("client.name", "api.stripe.com")
                .tag("uri", operation)
                .tag("status", status == null ? "IO_ERROR" : status.toString())
                .tag("outcome", outcome)
                .register(meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @FunctionalInterface
    private interface Call0<T> {
        T run() throws StripeException;
    }
}
