package dev.sparks.payment.web;

import com.stripe.exception.StripeException;
import com.stripe.param.billingportal.SessionCreateParams;
import dev.sparks.payment.PaymentProperties;
import dev.sparks.payment.customer.StripeCustomers;
import dev.sparks.payment.stripe.StripeCalls;
import dev.sparks.platform.web.Caller;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A signed-in customer's own billing on Stripe's hosted pages: saving a card (Checkout in setup
 * mode: Sparks never sees card data) and the billing portal. A customer acts only for itself (the
 * token's customer-id claim); an admin names the customer in {@code customer_id}.
 */
@RestController
class BillingController {

    private final StripeCalls stripe;
    private final StripeCustomers customers;
    private final PaymentProperties properties;

    BillingController(StripeCalls stripe, StripeCustomers customers, PaymentProperties properties) {
        this.stripe = stripe;
        this.customers = customers;
        this.properties = properties;
    }

    @PostMapping("/api/billing/payment-method")
    ResponseEntity<?> paymentMethod(Caller caller, @RequestParam(name = "customer_id", required = false) String requested)
            throws StripeException {
        return forCustomer(caller, requested, customerId -> {
            StripeCustomers.Link link = customers.ensure(customerId);
            var session = stripe.call("checkout.sessions.create", null, (client, options) -> client.v1().checkout().sessions()
                    .create(com.stripe.param.checkout.SessionCreateParams.builder()
                            .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SETUP)
                            .setCustomer(link.stripeCustomerId())
                            .setCurrency("usd")
                            .setSuccessUrl(properties.checkoutSuccessUrl())
                            .setCancelUrl(properties.checkoutCancelUrl())
                            .putMetadata("sparks_customer_id", customerId)
                            .build(), options));
            return Map.of("checkout_session_id", session.getId(), "url", session.getUrl());
        });
    }

    @PostMapping("/api/billing/portal")
    ResponseEntity<?> portal(Caller caller, @RequestParam(name = "customer_id", required = false) String requested)
            throws StripeException {
        return forCustomer(caller, requested, customerId -> {
            StripeCustomers.Link link = customers.ensure(customerId);
            var session = stripe.call("billing_portal.sessions.create", null, (client, options) -> client.v1().billingPortal()
                    .sessions().create(SessionCreateParams.builder().setCustomer(link.stripeCustomerId())
                            .setReturnUrl(properties.portalReturnUrl()).build(), options));
            return Map.of("url", session.getUrl());
        });
    }

    private interface ForCustomer {
        Map<String, String> run(String customerId) throws StripeException;
    }

    private ResponseEntity<?> forCustomer(Caller caller, String requested, ForCustomer work) throws StripeException {
        String customerId = switch (caller) {
            case Caller.Admin admin -> requested;
            case Caller.Customer customer -> requested == null || requested.equals(customer.claimedCustomerId())
                    ? customer.claimedCustomerId() : null;
        };
        if (customerId == null || customerId.isBlank()) {
            return problem(HttpStatus.NOT_FOUND, "No customer",
                    caller.isAdmin() ? "An admin names the customer in customer_id." : "No customer for this login.");
        }
        if (!stripe.enabled()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "Payments are off", "No Stripe secret key is configured.");
        }
        return ResponseEntity.ok(work.run(customerId));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
