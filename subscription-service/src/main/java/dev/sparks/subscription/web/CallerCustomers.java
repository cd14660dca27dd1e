package dev.sparks.subscription.web;

import dev.sparks.platform.web.Caller;
import dev.sparks.subscription.customer.Customers;
import dev.sparks.subscription.lifecycle.NoSuchCustomerException;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import org.springframework.stereotype.Component;

/**
 * Object-level authorization: which customer a request may act on. An admin names it (body field
 * or query parameter {@code customer_id}); a signed-in customer is its own customer, taken from
 * the token's customer-id claim or else from the link of its Auth0 {@code sub}. A customer naming
 * any other customer gets 404, exactly as for a customer that does not exist, so ids cannot be probed.
 */
@Component
class CallerCustomers {

    private final Customers customers;

    CallerCustomers(Customers customers) {
        this.customers = customers;
    }

    /** The existing customer the caller acts on. */
    String resolve(Caller caller, String requested) {
        return switch (caller) {
            case Caller.Admin admin -> {
                if (requested == null || requested.isBlank()) {
                    throw new InvalidFieldException("customer_id", "An admin names the customer in customer_id");
                }
                customers.find(requested).orElseThrow(() -> new NoSuchCustomerException(requested));
                yield requested;
            }
            case Caller.Customer customer -> {
                String own = own(customer);
                if (own == null || (requested != null && !requested.equals(own)) || customers.find(own).isEmpty()) {
                    throw new NoSuchCustomerException(requested != null ? requested : "for this login");
                }
                yield own;
            }
        };
    }

    /** As {@link #resolve}, but a signed-in user without a customer yet gets one (subscribing creates it). */
    String resolveOrCreate(Caller caller, String requested) {
        if (caller instanceof Caller.Customer customer) {
            String own = own(customer);
            if (requested != null && own != null && !requested.equals(own)) {
                throw new NoSuchCustomerException(requested);
            }
            if (own == null) {
                return customers.createFor(customer.subject()).getCustomerId();
            }
            if (customers.find(own).isEmpty()) {
                customers.link(own, customer.subject(), null, null);
            }
            return own;
        }
        if (requested == null || requested.isBlank()) {
            throw new InvalidFieldException("customer_id", "An admin names the customer in customer_id");
        }
        customers.ensureExists(requested);
        return requested;
    }

    static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("This endpoint needs an admin permission");
        }
    }

    private String own(Caller.Customer customer) {
        if (customer.claimedCustomerId() != null) {
            return customer.claimedCustomerId();
        }
        return customers.findBySubject(customer.subject()).map(CustomerRecord::getCustomerId).orElse(null);
    }
}
