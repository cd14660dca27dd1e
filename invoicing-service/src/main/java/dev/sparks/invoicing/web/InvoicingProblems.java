package dev.sparks.invoicing.web;

import dev.sparks.invoicing.invoice.PeriodCloser;
import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class InvoicingProblems {

    @ExceptionHandler(BillingPeriod.InvalidPeriodException.class)
    ProblemDetail badMonth(BillingPeriod.InvalidPeriodException e) {
        return Problems.invalidField("month", e.getMessage());
    }

    @ExceptionHandler(PeriodCloser.PeriodNotEndedException.class)
    ProblemDetail notEnded(PeriodCloser.PeriodNotEndedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Period still open");
        return problem;
    }
}
