package dev.sparks.subscription.web;

import dev.sparks.platform.web.Caller;
import dev.sparks.subscription.lifecycle.Subscriptions;
import dev.sparks.subscription.lifecycle.Subscriptions.Change;
import dev.sparks.subscription.lifecycle.NoSuchCustomerException;
import dev.sparks.subscription.customer.Customers;
import dev.sparks.subscription.plan.BillingInterval;
import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.plan.PlanCatalog;
import dev.sparks.subscription.web.Views.SubscriptionView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The subscription API in the shapes apps already call; a customer acts on itself, an admin names the customer. */
@RestController
class BillingController {

    private final Subscriptions subscriptions;
    private final CallerCustomers callers;
    private final Customers customers;
    private final PlanCatalog catalog;

    BillingController(Subscriptions subscriptions, CallerCustomers callers, Customers customers, PlanCatalog catalog) {
        this.subscriptions = subscriptions;
        this.callers = callers;
        this.customers = customers;
        this.catalog = catalog;
    }

    record SubscribeRequest(String customerId, String plan, String billingInterval, Boolean trial) {}

    record PlanChangeRequest(String customerId, String plan, String tier, String billingInterval, String when) {}

    record CustomerOnly(String customerId) {}

    @PostMapping("/api/billing/subscribe")
    ResponseEntity<SubscriptionView> subscribe(Caller caller, @RequestBody SubscribeRequest request) {
        String plan = required("plan", request.plan());
        BillingInterval interval = interval(request.billingInterval(), BillingInterval.MONTHLY);
        String customerId = callers.resolveOrCreate(caller, request.customerId());
        Change change = subscriptions.subscribe(customerId, plan, interval, request.trial() == null || request.trial(),
                caller.subject());
        return ResponseEntity.status(HttpStatus.CREATED).body(SubscriptionView.of(change.subscription(), change.prorated()));
    }

    @GetMapping("/api/billing/subscription")
    SubscriptionView current(Caller caller, @RequestParam(name = "customer_id", required = false) String customerId) {
        String id = callers.resolve(caller, customerId);
        return SubscriptionView.of(customers.find(id).orElseThrow(() -> new NoSuchCustomerException(id)), null);
    }

    @PutMapping("/api/billing/upgrade")
    SubscriptionView upgrade(Caller caller, @RequestBody PlanChangeRequest request) {
        String customerId = callers.resolve(caller, request.customerId());
        return view(subscriptions.upgrade(customerId, required("plan", request.plan()), caller.subject()));
    }

    /** {@code when}: {@code period_end} (default) or {@code now}. */
    @PutMapping("/api/billing/downgrade")
    SubscriptionView downgrade(Caller caller, @RequestBody PlanChangeRequest request) {
        String customerId = callers.resolve(caller, request.customerId());
        return view(subscriptions.downgrade(customerId, required("plan", request.plan()), now(request.when()), caller.subject()));
    }

    @DeleteMapping("/api/billing/cancel")
    SubscriptionView cancel(Caller caller, @RequestParam(name = "customer_id", required = false) String customerId,
            @RequestParam(required = false) String when) {
        String id = callers.resolve(caller, customerId);
        return view(subscriptions.cancel(id, now(when), caller.subject()));
    }

    @PostMapping("/api/billing/pause")
    SubscriptionView pause(Caller caller, @RequestBody(required = false) CustomerOnly request) {
        return view(subscriptions.pause(callers.resolve(caller, request == null ? null : request.customerId()), caller.subject()));
    }

    @PostMapping("/api/billing/resume")
    SubscriptionView resume(Caller caller, @RequestBody(required = false) CustomerOnly request) {
        return view(subscriptions.resume(callers.resolve(caller, request == null ? null : request.customerId()), caller.subject()));
    }

    /**
     * Change to a new tier (an upgrade at once, a downgrade at the period end unless {@code when}
     * is {@code now}) and/or a new billing interval.
     */
    @PostMapping("/subscriptions/update")
    SubscriptionView update(Caller caller, @RequestBody PlanChangeRequest request) {
        String customerId = callers.resolve(caller, request.customerId());
        String tier = request.tier() != null ? request.tier() : request.plan();
        if (tier == null && request.billingInterval() == null) {
            throw new InvalidFieldException("tier", "Name the new tier, the new billing_interval, or both");
        }
        Change change = null;
        String currentPlan = customers.find(customerId).orElseThrow().getPlan();
        if (tier != null && !tier.equals(currentPlan)) {
            Plan from = catalog.get(currentPlan);
            Plan to = catalog.get(tier);
            change = to.tier() > from.tier()
                    ? subscriptions.upgrade(customerId, tier, caller.subject())
                    : subscriptions.downgrade(customerId, tier, now(request.when()), caller.subject());
        }
        if (request.billingInterval() != null) {
            change = subscriptions.changeInterval(customerId, interval(request.billingInterval(), null), caller.subject());
        }
        if (change == null) {
            throw new InvalidFieldException("tier", "Already on " + tier);
        }
        return view(change);
    }

    private static SubscriptionView view(Change change) {
        return SubscriptionView.of(change.subscription(), change.prorated());
    }

    private static boolean now(String when) {
        if (when == null || when.equals("period_end")) {
            return false;
        }
        if (when.equals("now")) {
            return true;
        }
        throw new InvalidFieldException("when", "Expected now or period_end, got '" + when + "'");
    }

    private static BillingInterval interval(String value, BillingInterval fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return BillingInterval.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("billing_interval", e.getMessage());
        }
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, field + " is required");
        }
        return value;
    }
}
