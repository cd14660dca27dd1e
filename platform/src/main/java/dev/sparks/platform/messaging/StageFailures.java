package dev.sparks.platform.messaging;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.core.convert.ConversionException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * Which failures of a stage's handler say that the record itself cannot be processed, so that a
 * retry would fail the same way: those are dead-lettered with their reason. Every other failure is
 * transient (database or broker unavailable) and retried until it passes. The list is Spring
 * Kafka's own non-retryable defaults plus {@link RecordRejectedException} and
 * {@link IllegalArgumentException} (bad data met by the effect); the listener and the container's
 * error handler use this one list, so they never disagree about a failure.
 */
final class StageFailures {

    static final List<Class<? extends Throwable>> NOT_RETRYABLE = List.of(
            RecordRejectedException.class,
            IllegalArgumentException.class,
            ClassCastException.class,
            DeserializationException.class,
            MessageConversionException.class,
            ConversionException.class,
            MethodArgumentResolutionException.class,
            NoSuchMethodException.class);

    private StageFailures() {}

    /** Looks through the causes as the error handler's classifier does, so that both agree. */
    static boolean isRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Throwable candidate = cause;
            if (NOT_RETRYABLE.stream().anyMatch(type -> type.isInstance(candidate))) {
                return false;
            }
        }
        return true;
    }

    /** For {@code DefaultErrorHandler.setClassifications}: these false, everything else true. */
    static Map<Class<? extends Throwable>, Boolean> classifications() {
        return NOT_RETRYABLE.stream().collect(Collectors.toMap(Function.identity(), type -> false));
    }

    /** The reason's kind, for counting: {@code rejected} for a rejection, otherwise the failure's class. */
    static String kindOf(Throwable failure) {
        return failure instanceof RecordRejectedException ? "rejected" : failure.getClass().getSimpleName();
    }

    /** The dead letter's reason: a rejection's own message, otherwise the failure's type and message. */
    static String reasonOf(Throwable failure) {
        return failure instanceof RecordRejectedException rejected
                ? rejected.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
