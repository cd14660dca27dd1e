package dev.sparks.invoicing.web;

import dev.sparks.invoicing.payment.Dunning;
import dev.sparks.platform.web.Caller;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators see the invoices in dunning: attempts, decline codes, the next attempt. */
@RestController
class DunningController {

    private final Dunning dunning;

    DunningController(Dunning dunning) {
        this.dunning = dunning;
    }

    record DunningView(int count, List<Dunning.OverdueInvoice> invoices) {}

    @GetMapping("/v1/admin/dunning")
    DunningView overdue(Caller caller) {
        CallerCustomers.requireAdmin(caller);
        List<Dunning.OverdueInvoice> invoices = dunning.overdue();
        return new DunningView(invoices.size(), invoices);
    }
}
