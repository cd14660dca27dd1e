package dev.sparks.platform.web;

import java.net.URI;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Completes every problem a controller or exception handler answers, whichever service wrote it,
 * to the one shape: a stable {@code type} ({@link ProblemTypes}), a {@code title}, and the
 * {@code instance} the request named. What a handler set itself is kept.
 */
@RestControllerAdvice
public class ProblemShape implements ResponseBodyAdvice<Object> {

    private static final URI BLANK = URI.create("about:blank");

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            complete(problem, request.getURI().getRawPath());
        }
        return body;
    }

    static void complete(ProblemDetail problem, String path) {
        if (problem.getType() == null || BLANK.equals(problem.getType())) {
            problem.setType(ProblemTypes.forStatus(problem.getStatus()));
        }
        if (problem.getTitle() == null) {
            HttpStatus status = HttpStatus.resolve(problem.getStatus());
            problem.setTitle(status == null ? "Error" : status.getReasonPhrase());
        }
        if (problem.getInstance() == null && path != null) {
            problem.setInstance(URI.create(path));
        }
    }
}
