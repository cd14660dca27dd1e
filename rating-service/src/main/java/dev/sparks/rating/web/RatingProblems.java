package dev.sparks.rating.web;

import dev.sparks.platform.web.Problems;
import dev.sparks.rating.ratecard.RateCardException;
import java.util.stream.Collectors;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;

/** Every refusal of the rating API as problem+json naming the field at fault. */
@RestControllerAdvice
class RatingProblems {

    @ExceptionHandler(RateCardException.class)
    ResponseEntity<ProblemDetail> refused(RateCardException e) {
        ProblemDetail problem = Problems.invalidField(e.field(), e.getMessage());
        problem.setStatus(RateCardController.status(e.kind()));
        problem.setTitle(switch (e.kind()) {
            case INVALID -> "Invalid request";
            case CONFLICT -> "Conflict";
            case NOT_FOUND -> "Not found";
        });
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /** A body that is not JSON, or has a value of the wrong type: name the path Jackson was at. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        String field = e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()
                ? jackson.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[")
                : "body";
        String detail = e.getCause() instanceof JacksonException jackson ? jackson.getOriginalMessage() : "Unreadable JSON body";
        return ResponseEntity.badRequest().body(Problems.invalidField(field, detail));
    }
}
