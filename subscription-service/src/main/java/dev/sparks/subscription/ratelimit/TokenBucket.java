package dev.sparks.subscription.ratelimit;

import dev.sparks.subscription.plan.RateLimit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * The token bucket arithmetic, exact in decimals (no floating point, so a refill never grants a
 * fraction of a token more than it should). A bucket holds up to {@code burst} tokens and gains
 * {@code requests} per {@code per} continuously; a call takes one token or is refused.
 */
public final class TokenBucket {

    /** Fractional tokens kept, as in the {@code rate_limit_bucket.tokens} column. */
    static final int SCALE = 9;

    private TokenBucket() {}

    /**
     * @param tokens      what the bucket held at {@code refilledAt}
     * @param refilledAt  when it was last taken from; the bucket's state is as of this instant
     * @param retryAfter  refused calls: whole seconds until a token is there (at least 1); else 0
     */
    public record State(boolean allowed, BigDecimal tokens, Instant refilledAt, long retryAfter) {}

    /**
     * Takes one token at {@code now} if there is one. {@code refilledAt} never moves backwards: with
     * several instances whose clocks differ a little, a call stamped earlier than the last one refills
     * nothing, rather than counting the same interval twice.
     */
    public static State take(RateLimit limit, BigDecimal tokens, Instant refilledAt, Instant now) {
        Instant at = now.isAfter(refilledAt) ? now : refilledAt;
        BigDecimal burst = BigDecimal.valueOf(limit.burst());
        BigDecimal available = tokens.add(refill(limit, Duration.between(refilledAt, at))).min(burst).setScale(SCALE);
        if (available.compareTo(BigDecimal.ONE) >= 0) {
            return new State(true, available.subtract(BigDecimal.ONE), at, 0);
        }
        BigDecimal missingNanos = BigDecimal.ONE.subtract(available)
                .multiply(BigDecimal.valueOf(limit.per().length().toNanos()))
                .divide(BigDecimal.valueOf(limit.requests()), 0, RoundingMode.CEILING)
                .add(BigDecimal.valueOf(Duration.between(now, at).toNanos()));
        long seconds = missingNanos.divide(BigDecimal.valueOf(1_000_000_000L), 0, RoundingMode.CEILING).longValueExact();
        return new State(false, available, refilledAt, Math.max(1, seconds));
    }

    /** Rounded down: a bucket may refill a billionth of a token late, never early. */
    private static BigDecimal refill(RateLimit limit, Duration elapsed) {
        return BigDecimal.valueOf(elapsed.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(elapsed.getNano()))
                .multiply(BigDecimal.valueOf(limit.requests()))
                .divide(BigDecimal.valueOf(limit.per().length().toNanos()), SCALE, RoundingMode.DOWN);
    }
}
