package dev.sparks.invoicing.web;

import dev.sparks.invoicing.invoice.Invoices;
import dev.sparks.invoicing.invoice.PeriodCloser;
import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.report.UsageReports;
import dev.sparks.invoicing.usage.UsageLedger;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class InvoicingController {

    private final UsageReports reports;
    private final PeriodCloser closer;
    private final Invoices invoices;
    private final UsageLedger ledger;

    InvoicingController(UsageReports reports, PeriodCloser closer, Invoices invoices, UsageLedger ledger) {
        this.reports = reports;
        this.closer = closer;
        this.invoices = invoices;
        this.ledger = ledger;
    }

    @GetMapping("/v1/usage/report")
    UsageReports.Report report(@RequestParam("customer_id") String customerId, @RequestParam String month) {
        return reports.report(customerId, BillingPeriod.parse(month));
    }

    @PostMapping("/v1/admin/periods/{month}/close")
    PeriodCloser.Closed close(@PathVariable String month) {
        return closer.close(BillingPeriod.parse(month));
    }

    @GetMapping("/v1/invoices")
    List<Invoices.Invoice> invoices(@RequestParam("customer_id") String customerId) {
        return invoices.ofCustomer(customerId);
    }

    record Accounted(String month, long events) {}

    @GetMapping("/v1/admin/usage/accounted")
    Accounted accounted(@RequestParam String month) {
        return new Accounted(month, ledger.eventsAccounted(BillingPeriod.parse(month)));
    }
}
