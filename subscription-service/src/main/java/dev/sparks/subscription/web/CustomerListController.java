package dev.sparks.subscription.web;

import dev.sparks.platform.web.Caller;
import dev.sparks.subscription.customer.CustomerDirectory;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators' list of customers, with search and filters (the console's customers page). */
@RestController
class CustomerListController {

    private static final int MAX_LIMIT = 500;

    private final CustomerDirectory directory;

    CustomerListController(CustomerDirectory directory) {
        this.directory = directory;
    }

    /** {@code q}: a piece of the id, email or display name; {@code plan}, {@code state}: exact; {@code after}: the last id of the previous page. */
    @GetMapping("/v1/admin/customers")
    List<CustomerDirectory.Entry> customers(Caller caller, @RequestParam(required = false) String q,
            @RequestParam(required = false) String plan, @RequestParam(required = false) String state,
            @RequestParam(required = false) String after, @RequestParam(defaultValue = "100") int limit) {
        CallerCustomers.requireAdmin(caller);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFieldException("limit", "Expected 1 to " + MAX_LIMIT);
        }
        return directory.find(new CustomerDirectory.Query(q, plan, state, after, limit));
    }
}
