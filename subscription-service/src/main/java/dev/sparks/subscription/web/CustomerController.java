package dev.sparks.subscription.web;

import dev.sparks.platform.web.Caller;
import dev.sparks.platform.web.Problems;
import dev.sparks.subscription.customer.Customers;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.usage.CurrentUsage;
import java.math.BigDecimal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The first API (walking skeleton): by customer id in the path; a customer may only name itself. */
@RestController
class CustomerController {

    private final Customers customers;
    private final CurrentUsage currentUsage;
    private final CallerCustomers callers;

    CustomerController(Customers customers, CurrentUsage currentUsage, CallerCustomers callers) {
        this.customers = customers;
        this.currentUsage = currentUsage;
        this.callers = callers;
    }

    record UsageResponse(String customerId, String month, String plan, BigDecimal usedSparks,
            BigDecimal includedSparks, BigDecimal remainingSparks) {}

    record ContactRequest(String email, String displayName) {}

    record CustomerResponse(String customerId, String plan, String status, String email, String displayName) {}

    @GetMapping("/v1/customers/{customerId}/usage/current")
    ResponseEntity<?> currentUsage(Caller caller, @PathVariable String customerId) {
        if (!caller.isAdmin()) {
            callers.resolve(caller, customerId);
        }
        return currentUsage.of(customerId)
                .<ResponseEntity<?>>map(usage -> ResponseEntity.ok(new UsageResponse(usage.customerId(), usage.month(),
                        usage.plan(), usage.used().amount(), usage.included().amount(), usage.remaining().amount())))
                .orElseGet(() -> notFound(customerId));
    }

    @PutMapping("/v1/customers/{customerId}")
    ResponseEntity<?> updateContact(Caller caller, @PathVariable String customerId, @RequestBody ContactRequest request) {
        if (!caller.isAdmin()) {
            callers.resolve(caller, customerId);
        }
        if (request.email() == null || !request.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            return ResponseEntity.badRequest().body(Problems.invalidField("email", "Must be an email address"));
        }
        CustomerRecord customer = customers.updateContact(customerId, request.email(), request.displayName());
        return ResponseEntity.ok(new CustomerResponse(customer.getCustomerId(), customer.getPlan(), customer.getStatus(),
                customer.getEmail(), customer.getDisplayName()));
    }

    private static ResponseEntity<ProblemDetail> notFound(String customerId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No customer " + customerId);
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
