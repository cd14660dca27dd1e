package dev.sparks.invoicing.web;

import dev.sparks.invoicing.InvalidFieldException;
import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.revenue.MonthlyRevenue;
import dev.sparks.invoicing.revenue.RevenueFigures;
import dev.sparks.platform.web.Caller;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** MRR, ARR, ARPU, churn and trial conversion per month, for operators. */
@RestController
class RevenueController {

    private static final int MAX_MONTHS = 36;

    private final RevenueFigures figures;
    private final Clock clock;

    RevenueController(RevenueFigures figures, Clock clock) {
        this.figures = figures;
        this.clock = clock;
    }

    /** {@code from} and {@code to} are months (YYYY-MM), both included; both default to the current month. */
    @GetMapping("/v1/admin/metrics/revenue")
    List<MonthlyRevenue> revenue(Caller caller, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        CallerCustomers.requireAdmin(caller);
        YearMonth current = BillingPeriod.of(clock.instant()).month();
        YearMonth last = to == null ? current : BillingPeriod.parse(to).month();
        YearMonth first = from == null ? last : BillingPeriod.parse(from).month();
        if (first.isAfter(last)) {
            throw new InvalidFieldException("from", "from (" + first + ") is after to (" + last + ")");
        }
        if (first.plusMonths(MAX_MONTHS).isBefore(last)) {
            throw new InvalidFieldException("from", "At most " + MAX_MONTHS + " months at once");
        }
        return figures.months(first, last);
    }
}
