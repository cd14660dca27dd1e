package dev.sparks.subscription.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.subscription.plan.RateLimit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final Instant T0 = Instant.parse("2026-10-15T12:00:00Z");

    private static TokenBucket.State take(RateLimit limit, TokenBucket.State before, Instant now) {
        return TokenBucket.take(limit, before.tokens(), before.refilledAt(), now);
    }

    @Test
    void aFullBucketAllowsItsBurstThenRefusesUntilATokenIsBack() {
        RateLimit limit = new RateLimit(2, RateLimit.Per.SECOND, 3);
        TokenBucket.State state = TokenBucket.take(limit, new BigDecimal("3"), T0, T0);
        state = take(limit, state, T0);
        state = take(limit, state, T0);
        assertThat(state.allowed()).isTrue();
        assertThat(state.tokens()).isEqualByComparingTo("0");

        TokenBucket.State refused = take(limit, state, T0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(1); // half a second, rounded up to whole seconds

        assertThat(take(limit, state, T0.plusMillis(499)).allowed()).isFalse();
        TokenBucket.State refilled = take(limit, state, T0.plusMillis(500));
        assertThat(refilled.allowed()).isTrue();
        assertThat(refilled.tokens()).isEqualByComparingTo("0");
    }

    @Test
    void aQuietBucketRefillsOnlyUpToItsBurst() {
        RateLimit limit = new RateLimit(10, RateLimit.Per.SECOND, 5);
        TokenBucket.State state = TokenBucket.take(limit, BigDecimal.ZERO, T0, T0.plus(Duration.ofHours(1)));
        assertThat(state.allowed()).isTrue();
        assertThat(state.tokens()).isEqualByComparingTo("4");
    }

    @Test
    void perMinuteLimitsSayHowManySecondsToWait() {
        RateLimit limit = new RateLimit(1, RateLimit.Per.MINUTE, 1);
        TokenBucket.State empty = TokenBucket.take(limit, BigDecimal.ONE, T0, T0);
        assertThat(take(limit, empty, T0).retryAfter()).isEqualTo(60);
        assertThat(take(limit, empty, T0.plusSeconds(45)).retryAfter()).isEqualTo(15);
        assertThat(take(limit, empty, T0.plusMillis(59_001)).retryAfter()).isEqualTo(1);
        assertThat(take(limit, empty, T0.plusSeconds(60)).allowed()).isTrue();
    }

    @Test
    void fractionsAreExactSoThirdsOfASecondAddUpToOneToken() {
        RateLimit limit = new RateLimit(3, RateLimit.Per.SECOND, 1);
        TokenBucket.State state = TokenBucket.take(limit, BigDecimal.ONE, T0, T0);
        // 333,333,334 ns at 3 per second is 1.000000002 tokens: one token, not one short of it.
        assertThat(take(limit, state, T0.plusNanos(333_333_334)).allowed()).isTrue();
        assertThat(take(limit, state, T0.plusNanos(333_333_332)).allowed()).isFalse();
    }

    @Test
    void aCallStampedBeforeTheLastOneRefillsNothingAndNeverMovesTheBucketBack() {
        RateLimit limit = new RateLimit(1, RateLimit.Per.SECOND, 2);
        TokenBucket.State state = TokenBucket.take(limit, BigDecimal.ONE, T0, T0.plusSeconds(1)); // 2 -> 1 left
        TokenBucket.State behind = take(limit, state, T0.plusMillis(900)); // another instance, 100 ms behind
        assertThat(behind.allowed()).isTrue();
        assertThat(behind.tokens()).isEqualByComparingTo("0");
        assertThat(behind.refilledAt()).isEqualTo(T0.plusSeconds(1));
        TokenBucket.State refused = take(limit, behind, T0.plusMillis(900));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(2); // 1 s for the token + 0.1 s this clock is behind
    }
}
