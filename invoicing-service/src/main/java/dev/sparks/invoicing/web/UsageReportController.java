package dev.sparks.invoicing.web;

import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.report.UsageReports;
import dev.sparks.platform.web.Caller;
import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The month's usage report; the customer comes from the token (admins name one). */
@RestController
class UsageReportController {

    private final UsageReports reports;
    private final CallerCustomers customers;
    private final Clock clock;

    UsageReportController(UsageReports reports, CallerCustomers customers, Clock clock) {
        this.reports = reports;
        this.customers = customers;
        this.clock = clock;
    }

    /** {@code month} defaults to the current one. */
    @GetMapping({"/usage/report", "/v1/usage/report"})
    UsageReports.Report report(Caller caller, @RequestParam(name = "customer_id", required = false) String customerId,
            @RequestParam(required = false) String month) {
        BillingPeriod period = month == null ? BillingPeriod.of(clock.instant()) : BillingPeriod.parse(month);
        return reports.report(customers.resolve(caller, customerId), period);
    }
}
