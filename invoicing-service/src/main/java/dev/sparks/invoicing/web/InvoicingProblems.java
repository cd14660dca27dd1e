package dev.sparks.invoicing.web;

import dev.sparks.invoicing.InvalidFieldException;
import dev.sparks.invoicing.invoice.InvoiceLifecycle;
import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.period.PeriodCloser;
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

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail badField(InvalidFieldException e) {
        return Problems.invalidField(e.field(), e.getMessage());
    }

    @ExceptionHandler({NotFoundException.class, InvoiceLifecycle.NoSuchInvoiceException.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler(PeriodCloser.PeriodNotEndedException.class)
    ProblemDetail notEnded(PeriodCloser.PeriodNotEndedException e) {
        return problem(HttpStatus.CONFLICT, "Period still open", e.getMessage());
    }

    @ExceptionHandler(InvoiceLifecycle.InvoiceChangeRefusedException.class)
    ProblemDetail refused(InvoiceLifecycle.InvoiceChangeRefusedException e) {
        return problem(HttpStatus.CONFLICT, "Invoice change refused", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
