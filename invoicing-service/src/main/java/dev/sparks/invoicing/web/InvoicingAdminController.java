package dev.sparks.invoicing.web;

import dev.sparks.invoicing.InvalidFieldException;
import dev.sparks.invoicing.invoice.InvoiceItems;
import dev.sparks.invoicing.invoice.InvoiceLifecycle;
import dev.sparks.invoicing.invoice.Invoices;
import dev.sparks.invoicing.invoice.Item;
import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.period.PeriodCloser;
import dev.sparks.invoicing.reconciliation.Reconciliation;
import dev.sparks.invoicing.usage.UsageLedger;
import dev.sparks.platform.web.Caller;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators' routes: closing periods, invoice lifecycle, one-off items, reconciliation. */
@RestController
class InvoicingAdminController {

    private final PeriodCloser closer;
    private final InvoiceLifecycle lifecycle;
    private final InvoiceItems items;
    private final Reconciliation reconciliation;
    private final UsageLedger ledger;
    private final InvoiceController invoices;
    private final Clock clock;

    InvoicingAdminController(PeriodCloser closer, InvoiceLifecycle lifecycle, InvoiceItems items,
            Reconciliation reconciliation, UsageLedger ledger, InvoiceController invoices, Clock clock) {
        this.closer = closer;
        this.lifecycle = lifecycle;
        this.items = items;
        this.reconciliation = reconciliation;
        this.ledger = ledger;
        this.invoices = invoices;
        this.clock = clock;
    }

    /** Closes every period that ended by the end of {@code month}, without waiting for the grace period. */
    @PostMapping("/v1/admin/periods/{month}/close")
    PeriodCloser.Run closeMonth(Caller caller, @PathVariable String month) {
        CallerCustomers.requireAdmin(caller);
        return closer.closeMonth(BillingPeriod.parse(month));
    }

    /** Closes every period that has ended by now, without waiting for the grace period. */
    @PostMapping("/v1/admin/periods/close")
    PeriodCloser.Run closeEnded(Caller caller) {
        CallerCustomers.requireAdmin(caller);
        return closer.closeEndedBy(clock.instant());
    }

    record Reason(String reason) {}

    @PostMapping("/v1/admin/invoices/{invoiceId}/void")
    InvoiceViews.Detail voidInvoice(Caller caller, @PathVariable String invoiceId, @RequestBody(required = false) Reason body) {
        CallerCustomers.requireAdmin(caller);
        lifecycle.voidInvoice(id(caller, invoiceId), reason(body));
        return invoices.invoice(caller, invoiceId);
    }

    @PostMapping("/v1/admin/invoices/{invoiceId}/mark-uncollectible")
    InvoiceViews.Detail uncollectible(Caller caller, @PathVariable String invoiceId, @RequestBody(required = false) Reason body) {
        CallerCustomers.requireAdmin(caller);
        lifecycle.markUncollectible(id(caller, invoiceId), reason(body));
        return invoices.invoice(caller, invoiceId);
    }

    record CreditNoteRequest(Long amountMinor, String reason) {}

    @PostMapping("/v1/admin/invoices/{invoiceId}/credit-notes")
    @ResponseStatus(HttpStatus.CREATED)
    Invoices.CreditNote creditNote(Caller caller, @PathVariable String invoiceId, @RequestBody CreditNoteRequest body) {
        CallerCustomers.requireAdmin(caller);
        if (body.amountMinor() == null) {
            throw new InvalidFieldException("amount_minor", "amount_minor is required (cents)");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            throw new InvalidFieldException("reason", "A credit note says why it is issued");
        }
        return lifecycle.issueCreditNote(id(caller, invoiceId), body.amountMinor(), body.reason());
    }

    record ItemRequest(String kind, String description, BigDecimal quantity, Long amountMinor) {}

    /** An add-on bought or a credit granted, for the customer's next invoice. */
    @PostMapping("/v1/admin/customers/{customerId}/invoice-items")
    @ResponseStatus(HttpStatus.CREATED)
    Item addItem(Caller caller, @PathVariable String customerId, @RequestBody ItemRequest body) {
        CallerCustomers.requireAdmin(caller);
        if (body.amountMinor() == null) {
            throw new InvalidFieldException("amount_minor", "amount_minor is required (cents)");
        }
        return items.add(customerId, body.kind(), body.description(), body.quantity(), body.amountMinor());
    }

    @GetMapping("/v1/admin/reconciliation")
    Reconciliation.Report reconciliation(Caller caller, @RequestParam String month) {
        CallerCustomers.requireAdmin(caller);
        return reconciliation.month(BillingPeriod.parse(month));
    }

    record Accounted(String month, long events) {}

    @GetMapping("/v1/admin/usage/accounted")
    Accounted accounted(Caller caller, @RequestParam String month) {
        CallerCustomers.requireAdmin(caller);
        BillingPeriod period = BillingPeriod.parse(month);
        return new Accounted(month, ledger.eventsAccounted(period.start(), period.end()));
    }

    private UUID id(Caller caller, String invoiceId) {
        return UUID.fromString(invoices.readable(caller, invoiceId).summary().invoiceId());
    }

    private static String reason(Reason body) {
        return body == null ? null : body.reason();
    }
}
