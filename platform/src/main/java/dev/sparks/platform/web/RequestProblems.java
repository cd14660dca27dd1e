package dev.sparks.platform.web;

import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Requests Spring cannot even hand to a controller answer problem+json naming what is wrong, in
 * every service: a body that is not JSON of the expected shape (naming the field Jackson refused,
 * when it got that far), a missing or mistyped parameter; and, through Spring's own handler, a
 * wrong method (405), a missing or wrong Content-Type (415), an unknown path (404). Anything no
 * handler expected is a 500 problem that says nothing of the internals; the log has the cause.
 * Lowest precedence, so a service's own advice may say it more precisely.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class RequestProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestProblems.class);

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            return badRequest(Problems.invalidField(path(jackson), jackson.getOriginalMessage()));
        }
        return badRequest(Problems.invalidField("body", "The request body is not valid JSON of the expected shape"));
    }

    /** Where Jackson was when it refused a value, as {@code items[0].quantity}. */
    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badRequest(Problems.invalidField(e.getParameterName(), "The parameter " + e.getParameterName() + " is required"));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String name = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        return badRequest(Problems.invalidField(name, "'" + e.getValue() + "' is not a valid " + name));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected error answering a request", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; nothing you sent was at fault. Try again later.");
        return ResponseEntity.internalServerError().body(problem);
    }

    private static ResponseEntity<Object> badRequest(ProblemDetail problem) {
        return ResponseEntity.badRequest().body(problem);
    }
}
