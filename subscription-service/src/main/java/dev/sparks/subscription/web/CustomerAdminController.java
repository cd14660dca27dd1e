package dev.sparks.subscription.web;

import static dev.sparks.subscription.persistence.jooq.Tables.SUBSCRIPTION_AUDIT;

import dev.sparks.platform.web.Caller;
import dev.sparks.subscription.customer.Customers;
import dev.sparks.subscription.lifecycle.NoSuchCustomerException;
import dev.sparks.subscription.lifecycle.PaymentOutcome;
import dev.sparks.subscription.lifecycle.PaymentOutcomes;
import dev.sparks.subscription.lifecycle.Subscriptions;
import dev.sparks.subscription.lifecycle.TermChanges;
import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.ratelimit.RateLimits;
import dev.sparks.subscription.web.Views.SubscriptionView;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator actions on one customer: identity links, custom quotas and rate limits, trial extensions,
 * payment state, audit.
 */
@RestController
class CustomerAdminController {

    private final Customers customers;
    private final Subscriptions subscriptions;
    private final TermChanges termChanges;
    private final RateLimits rateLimits;
    private final PaymentOutcomes payments;
    private final CallerCustomers callers;
    private final DSLContext db;

    CustomerAdminController(Customers customers, Subscriptions subscriptions, TermChanges termChanges, RateLimits rateLimits,
            PaymentOutcomes payments, CallerCustomers callers, DSLContext db) {
        this.customers = customers;
        this.payments = payments;
        this.subscriptions = subscriptions;
        this.termChanges = termChanges;
        this.rateLimits = rateLimits;
        this.callers = callers;
        this.db = db;
    }

    record IdentityRequest(String auth0Sub, String stripeCustomerId, Boolean hasPaymentMethod) {}

    record ExtendRequest(Integer days) {}

    record AuditLine(String transition, String fromState, String toState, String fromPlan, String toPlan, String actor,
            String detail, OffsetDateTime occurredAt) {}

    @PutMapping("/v1/admin/customers/{customerId}/identity")
    SubscriptionView identity(Caller caller, @PathVariable String customerId, @RequestBody IdentityRequest request) {
        CallerCustomers.requireAdmin(caller);
        return SubscriptionView.of(customers.link(customerId, request.auth0Sub(), request.stripeCustomerId(),
                request.hasPaymentMethod()), null);
    }

    /** Enterprise custom quota; feature {@code sparks} sets the included Sparks. */
    @PutMapping("/v1/admin/customers/{customerId}/quotas/{feature}")
    Views.FeatureView quota(Caller caller, @PathVariable String customerId, @PathVariable String feature,
            @RequestBody PlanAdminController.FeatureRequest request) {
        CallerCustomers.requireAdmin(caller);
        String id = callers.resolve(caller, customerId);
        Plan.Feature quota = PlanAdminController.feature(
                new PlanAdminController.FeatureRequest(feature, request.enabled(), request.usageLimit()));
        termChanges.setCustomQuota(id, quota);
        return Views.FeatureView.of(quota);
    }

    /** The limit in force on the customer's quota/authorize calls, and whether it is its own or its plan's. */
    @GetMapping("/v1/admin/customers/{customerId}/rate-limit")
    Views.RateLimitView rateLimit(Caller caller, @PathVariable String customerId) {
        CallerCustomers.requireAdmin(caller);
        return effectiveRateLimit(callers.resolve(caller, customerId));
    }

    /** Enterprise custom rate limit, replacing the plan's default for this customer. */
    @PutMapping("/v1/admin/customers/{customerId}/rate-limit")
    Views.RateLimitView setRateLimit(Caller caller, @PathVariable String customerId,
            @RequestBody PlanAdminController.RateLimitRequest request) {
        CallerCustomers.requireAdmin(caller);
        String id = callers.resolve(caller, customerId);
        rateLimits.set(id, PlanAdminController.rateLimit("", request));
        return effectiveRateLimit(id);
    }

    /** Back to the plan's default; answers the limit now in force (an empty body when there is none). */
    @DeleteMapping("/v1/admin/customers/{customerId}/rate-limit")
    Views.RateLimitView clearRateLimit(Caller caller, @PathVariable String customerId) {
        CallerCustomers.requireAdmin(caller);
        String id = callers.resolve(caller, customerId);
        rateLimits.clear(id);
        return effectiveRateLimit(id);
    }

    private Views.RateLimitView effectiveRateLimit(String customerId) {
        return Views.RateLimitView.of(rateLimits.effective(customerId));
    }

    @PostMapping("/v1/admin/customers/{customerId}/trial/extend")
    SubscriptionView extendTrial(Caller caller, @PathVariable String customerId, @RequestBody ExtendRequest request) {
        CallerCustomers.requireAdmin(caller);
        String id = callers.resolve(caller, customerId);
        int days = PlanAdminController.required("days", request.days());
        if (days <= 0 || days > 365) {
            throw new InvalidFieldException("days", "Expected 1 to 365 days");
        }
        Subscriptions.Change change = subscriptions.extendTrial(id, Duration.ofDays(days), caller.subject());
        return SubscriptionView.of(change.subscription(), null);
    }

    /** The same rule as a FAILED payment event without an invoice: active becomes past_due, other states stay. */
    @PostMapping("/v1/admin/customers/{customerId}/payment-failed")
    SubscriptionView paymentFailed(Caller caller, @PathVariable String customerId) {
        return paymentOutcome(caller, customerId, new PaymentOutcome.Failed(null, 1, false));
    }

    /** Everything the customer owed is settled: past_due becomes active. */
    @PostMapping("/v1/admin/customers/{customerId}/payment-recovered")
    SubscriptionView paymentRecovered(Caller caller, @PathVariable String customerId) {
        return paymentOutcome(caller, customerId, new PaymentOutcome.Paid(null));
    }

    private SubscriptionView paymentOutcome(Caller caller, String customerId, PaymentOutcome outcome) {
        CallerCustomers.requireAdmin(caller);
        String id = callers.resolve(caller, customerId);
        return SubscriptionView.of(payments.apply(id, outcome, caller.subject())
                .orElseThrow(() -> new NoSuchCustomerException(id)), null);
    }

    @GetMapping("/v1/admin/customers/{customerId}/audit")
    List<AuditLine> audit(Caller caller, @PathVariable String customerId) {
        CallerCustomers.requireAdmin(caller);
        String id = callers.resolve(caller, customerId);
        return db.selectFrom(SUBSCRIPTION_AUDIT).where(SUBSCRIPTION_AUDIT.CUSTOMER_ID.eq(id)).orderBy(SUBSCRIPTION_AUDIT.ID)
                .fetch(row -> new AuditLine(row.getTransition(), row.getFromState(), row.getToState(), row.getFromPlan(),
                        row.getToPlan(), row.getActor(), row.getDetail(), row.getOccurredAt()));
    }

}
