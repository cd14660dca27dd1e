package dev.sparks.platform.outbox;

import java.util.Optional;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells a row Kafka will never take from a failure worth retrying. Only failures caused by the
 * row itself count: too large, an invalid topic name, unserializable. Other non-retriable errors
 * (authorization, an unsupported version, a fenced producer) are the configuration's or the
 * broker's fault and would refuse every row alike; parking them all would empty the outbox into
 * the parking lot, so they are retried, and logged, until someone fixes the cause.
 */
final class KafkaRefusal {

    private KafkaRefusal() {}

    /** Why Kafka refuses the row for good, or empty when sending it again may succeed. */
    static Optional<String> permanentReason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                    || cause instanceof InvalidTopicException || cause instanceof InvalidRecordException
                    || cause instanceof SerializationException) {
                return Optional.of(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
