package dev.sparks.ingest.web;

import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.ingest.usage.InvalidUsageException;
import dev.sparks.platform.web.Problems;
import org.apache.kafka.common.KafkaException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class IngestProblems {

    private final IngestCounters counters;

    IngestProblems(IngestCounters counters) {
        this.counters = counters;
    }

    /** Counted by the field at fault without its index ({@code events[3].quantity} → {@code quantity}). */
    @ExceptionHandler(InvalidUsageException.class)
    ProblemDetail invalid(InvalidUsageException e) {
        String field = e.field().replaceAll("^events\\[\\d+]\\.?", "").replaceAll("^properties\\..*", "properties");
        counters.rejected(UsageEventsController.SOURCE, field.isEmpty() ? "events" : field, 1);
        return Problems.invalidField(e.field(), e.getMessage());
    }

    /** Kafka did not take the events: nothing was accepted, the client may retry with the same ids. */
    @ExceptionHandler({KafkaException.class, java.util.concurrent.CompletionException.class})
    ProblemDetail unavailable(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Usage could not be stored durably; nothing was accepted. Retry with the same event ids.");
        problem.setTitle("Usage store unavailable");
        return problem;
    }
}
