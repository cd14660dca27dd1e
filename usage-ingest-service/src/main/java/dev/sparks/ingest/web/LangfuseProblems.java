package dev.sparks.ingest.web;

import dev.sparks.ingest.langfuse.LangfuseException;
import dev.sparks.ingest.langfuse.SyncUnavailableException;
import dev.sparks.platform.web.Problems;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** problem+json answers of the Langfuse sync endpoints. */
@RestControllerAdvice(assignableTypes = LangfuseSyncController.class)
class LangfuseProblems {

    @ExceptionHandler(LangfuseSyncController.InvalidRetryRequest.class)
    ProblemDetail invalid(LangfuseSyncController.InvalidRetryRequest e) {
        return Problems.invalidField(e.field, e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown sync error");
        return problem;
    }

    @ExceptionHandler(SyncUnavailableException.class)
    ProblemDetail unavailable(SyncUnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                e.running() ? HttpStatus.CONFLICT : HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle(e.running() ? "Sync already running" : "Sync not configured");
        return problem;
    }

    /** Langfuse kept failing after the retries: nothing past the published pages counted, the watermark did not move. */
    @ExceptionHandler(LangfuseException.class)
    ProblemDetail langfuse(LangfuseException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                e.getMessage() + ". The watermark did not move; the next sync pulls the same window again.");
        problem.setTitle("Langfuse unavailable");
        return problem;
    }
}
