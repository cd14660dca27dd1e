package dev.sparks.ingest.langfuse;

import java.time.Duration;
import java.util.Optional;

/**
 * Langfuse answered with an error status, or could not be reached. {@link #retryable()} errors
 * (5xx, 429) are retried with backoff; the others (bad keys, 404) are not.
 */
public class LangfuseException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public LangfuseException(int status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public LangfuseException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.retryAfter = null;
    }

    /** The HTTP status, 0 when Langfuse was not reached. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return status == 429 || status >= 500;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
