package dev.sparks.ingest.langfuse;

import dev.sparks.ingest.IngestProperties;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Exponential backoff with jitter; a server's {@code Retry-After} wins, but never beyond the maximum. */
record RetryBackoff(IngestProperties.Retry settings, IntervalFunction exponential)
        implements IntervalBiFunction<Object> {

    RetryBackoff(IngestProperties.Retry settings) {
        this(settings, IntervalFunction.ofExponentialRandomBackoff(
                settings.initialBackoff().toMillis(), 2.0, 0.5, settings.maxBackoff().toMillis()));
    }

    @Override
    public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
        if (outcome.isLeft() && outcome.getLeft() instanceof LangfuseException e && e.retryAfter().isPresent()) {
            return Math.min(e.retryAfter().get().toMillis(), settings.maxBackoff().toMillis());
        }
        return exponential.apply(attempt);
    }

    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(Instant.now(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
