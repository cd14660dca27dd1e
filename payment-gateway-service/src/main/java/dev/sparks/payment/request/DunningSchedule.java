package dev.sparks.payment.request;

import dev.sparks.payment.PaymentProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * When a declined card is tried again: each retry a set time after the payment's first failure
 * (default 3, 5 and 7 days, so at most four attempts, after Stripe's Smart Retries default and
 * Kill Bill's overdue states). After the last one there is none: dunning is exhausted.
 */
@Component
public class DunningSchedule {

    private final List<Duration> retryAfter;

    DunningSchedule(PaymentProperties properties) {
        this.retryAfter = List.copyOf(properties.dunning().retryAfter());
    }

    /** After attempt {@code failedAttempt} (1 for the first charge) failed: when the next is due, or none. */
    public Optional<Instant> nextAttempt(Instant firstFailure, int failedAttempt) {
        if (failedAttempt < 1 || failedAttempt > retryAfter.size()) {
            return Optional.empty();
        }
        return Optional.of(firstFailure.plus(retryAfter.get(failedAttempt - 1)));
    }
}
