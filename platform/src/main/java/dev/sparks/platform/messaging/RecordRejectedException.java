package dev.sparks.platform.messaging;

/**
 * Thrown by a stage's handler when a record can never be processed as it is (unknown metric,
 * invalid quantity...). The record goes to the stage's dead-letter topic with this message as the
 * reason; retrying would not help. Any other exception is treated as transient and retried.
 */
public class RecordRejectedException extends RuntimeException {

    public RecordRejectedException(String reason) {
        super(reason);
    }
}
