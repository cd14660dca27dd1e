package dev.sparks.notification.mail.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The wait before the next attempt after {@code attempts} transient failures: {@code first}
 * doubled per failure, capped at {@code max}, then a random point in its upper half ("equal
 * jitter"), so the mails refused together by a struggling server do not all come back together.
 */
record Backoff(Duration first, Duration max) {

    Duration after(int attempts, RandomGenerator random) {
        long cap = max.toMillis();
        long delay = Math.min(first.toMillis(), cap);
        for (int failure = 1; failure < attempts && delay < cap; failure++) {
            delay = Math.min(delay * 2, cap);
        }
        long half = delay / 2;
        return Duration.ofMillis(half + random.nextLong(delay - half + 1));
    }
}
