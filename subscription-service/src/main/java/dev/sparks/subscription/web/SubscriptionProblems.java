package dev.sparks.subscription.web;

import dev.sparks.platform.web.Problems;
import dev.sparks.subscription.lifecycle.NoSuchCustomerException;
import dev.sparks.subscription.lifecycle.TransitionRefusedException;
import dev.sparks.subscription.plan.UnknownPlanException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The service's refusals as problem+json. Another customer's data is "not found", never "forbidden". */
@RestControllerAdvice
class SubscriptionProblems {

    @ExceptionHandler(InvalidFieldException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidFieldException e) {
        return ResponseEntity.badRequest().body(Problems.invalidField(e.field(), e.getMessage()));
    }

    @ExceptionHandler(UnknownPlanException.class)
    ResponseEntity<ProblemDetail> unknownPlan(UnknownPlanException e) {
        return ResponseEntity.badRequest().body(Problems.invalidField("plan", e.getMessage()));
    }

    @ExceptionHandler(NoSuchCustomerException.class)
    ResponseEntity<ProblemDetail> notFound(NoSuchCustomerException e) {
        return status(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(TransitionRefusedException.class)
    ResponseEntity<ProblemDetail> refused(TransitionRefusedException e) {
        return status(HttpStatus.CONFLICT, "Not allowed in this state", e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
        return status(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> status(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }
}
