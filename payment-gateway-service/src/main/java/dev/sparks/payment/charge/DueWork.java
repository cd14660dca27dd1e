package dev.sparks.payment.charge;

import dev.sparks.payment.PaymentProperties;
import dev.sparks.payment.stripe.StripeCalls;
import dev.sparks.payment.stripe.StripeFailures;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the workers that send durable rows to Stripe (charge attempts, refunds) share: draining the
 * due rows one transaction each, and when a row whose call failed is due again.
 */
@Component
class DueWork {

    private static final int MOST_PER_RUN = 200;

    private final TransactionTemplate transactions;
    private final StripeCalls stripe;
    private final Clock clock;
    private final PaymentProperties properties;

    DueWork(TransactionTemplate transactions, StripeCalls stripe, Clock clock, PaymentProperties properties) {
        this.transactions = transactions;
        this.stripe = stripe;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Runs {@code next} (claim one due row and handle it; false when none is due) in a transaction
     * of its own, again and again; nothing while payments are off. Returns how many rows it handled.
     */
    int drain(BooleanSupplier next) {
        if (!stripe.enabled()) {
            return 0;
        }
        int handled = 0;
        while (handled < MOST_PER_RUN && Boolean.TRUE.equals(transactions.execute(status -> next.getAsBoolean()))) {
            handled++;
        }
        return handled;
    }

    OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    /**
     * When a row whose Stripe call failed after {@code tries} earlier tries is due again: after the
     * breaker's open time, or a doubling backoff for network errors, 429 and 5xx. Empty when Stripe
     * refused it for good.
     */
    Optional<OffsetDateTime> retryAt(Exception failure, int tries) {
        if (failure instanceof CallNotPermittedException) {
            return Optional.of(now().plus(properties.breaker().openFor()));
        }
        if (StripeFailures.isTransient(failure)) {
            return Optional.of(now().plus(properties.retry().attemptBackoff().multipliedBy(1L << Math.min(tries, 6))));
        }
        return Optional.empty();
    }
}
