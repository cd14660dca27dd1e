package dev.sparks.invoicing.web;

import dev.sparks.invoicing.InvalidFieldException;
import dev.sparks.invoicing.account.BillingAccounts;
import dev.sparks.platform.web.Caller;
import org.springframework.stereotype.Component;

/**
 * Object-level authorization: the customer a request may read. An admin names it in
 * {@code customer_id}; a signed-in customer is its own, from the token's customer-id claim or
 * from the Auth0 subject its subscription record linked. A customer asking for anyone else's data
 * gets 404, exactly as for data that does not exist, so ids cannot be probed.
 */
@Component
class CallerCustomers {

    private final BillingAccounts accounts;

    CallerCustomers(BillingAccounts accounts) {
        this.accounts = accounts;
    }

    String resolve(Caller caller, String requested) {
        return switch (caller) {
            case Caller.Admin admin -> {
                if (requested == null || requested.isBlank()) {
                    throw new InvalidFieldException("customer_id", "An admin names the customer in customer_id");
                }
                yield requested;
            }
            case Caller.Customer customer -> {
                String own = customer.claimedCustomerId() != null ? customer.claimedCustomerId()
                        : accounts.customerOfSubject(customer.subject()).orElse(null);
                if (own == null || (requested != null && !requested.isBlank() && !requested.equals(own))) {
                    throw new NotFoundException("No customer " + (requested == null ? "for this login" : requested));
                }
                yield own;
            }
        };
    }

    /** True when the caller may read {@code customerId}'s data (admins: always). */
    boolean mayRead(Caller caller, String customerId) {
        try {
            return resolve(caller, customerId).equals(customerId);
        } catch (NotFoundException e) {
            return false;
        }
    }

    static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("This endpoint needs an admin permission");
        }
    }
}
