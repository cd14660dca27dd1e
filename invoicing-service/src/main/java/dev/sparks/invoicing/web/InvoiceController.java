package dev.sparks.invoicing.web;

import dev.sparks.invoicing.invoice.Invoices;
import dev.sparks.invoicing.invoice.Previews;
import dev.sparks.platform.web.Caller;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A customer's invoices: the billing history, one invoice, and the upcoming one. */
@RestController
class InvoiceController {

    private final Invoices invoices;
    private final Previews previews;
    private final CallerCustomers customers;

    InvoiceController(Invoices invoices, Previews previews, CallerCustomers customers) {
        this.invoices = invoices;
        this.previews = previews;
        this.customers = customers;
    }

    @GetMapping("/v1/invoices")
    List<InvoiceViews.Summary> history(Caller caller, @RequestParam(name = "customer_id", required = false) String customerId) {
        return invoices.ofCustomer(customers.resolve(caller, customerId)).stream().map(InvoiceViews::summary).toList();
    }

    @GetMapping("/v1/invoices/upcoming")
    InvoiceViews.Upcoming upcoming(Caller caller, @RequestParam(name = "customer_id", required = false) String customerId) {
        String customer = customers.resolve(caller, customerId);
        return previews.upcoming(customer).map(InvoiceViews::upcoming)
                .orElseThrow(() -> new NotFoundException("Nothing billed yet for " + customer));
    }

    @GetMapping("/v1/invoices/{invoiceId}")
    InvoiceViews.Detail invoice(Caller caller, @PathVariable String invoiceId) {
        return InvoiceViews.detail(readable(caller, invoiceId));
    }

    /** The invoice, if it exists and is the caller's; 404 alike otherwise. */
    Invoices.Invoice readable(Caller caller, String invoiceId) {
        UUID id;
        try {
            id = UUID.fromString(invoiceId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No invoice " + invoiceId);
        }
        return invoices.find(id)
                .filter(invoice -> customers.mayRead(caller, invoice.summary().customerId()))
                .orElseThrow(() -> new NotFoundException("No invoice " + invoiceId));
    }
}
