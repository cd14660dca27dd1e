package dev.sparks.platform.web;

import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

/**
 * Requests Spring cannot even hand to a controller answer problem+json naming what is wrong, in
 * every service: a body that is not JSON of the expected shape (naming the field Jackson refused,
 * when it got that far), a missing or mistyped parameter.
 * Lowest precedence, so a service's own advice may say it more precisely.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class RequestProblems {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    @ResponseStatus(org.springframework.http.HttpStatus.BAD_REQUEST)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            return Problems.invalidField(path(jackson), jackson.getOriginalMessage());
        }
        return Problems.invalidField("body", "The request body is not valid JSON of the expected shape");
    }

    /** Where Jackson was when it refused a value, as {@code items[0].quantity}. */
    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    @ResponseStatus(org.springframework.http.HttpStatus.BAD_REQUEST)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        return Problems.invalidField(e.getParameterName(), "The parameter " + e.getParameterName() + " is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    @ResponseStatus(org.springframework.http.HttpStatus.BAD_REQUEST)
    ProblemDetail mistyped(MethodArgumentTypeMismatchException e) {
        return Problems.invalidField(e.getName(), "'" + e.getValue() + "' is not a valid " + e.getName());
    }
}
