package dev.sparks.ingest.web;

import dev.sparks.ingest.usage.InvalidUsageException;
import dev.sparks.platform.web.Problems;
import org.apache.kafka.common.KafkaException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class IngestProblems {

    @ExceptionHandler(InvalidUsageException.class)
    ProblemDetail invalid(InvalidUsageException e) {
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
