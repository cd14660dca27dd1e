package dev.sparks.subscription.web;

import dev.sparks.platform.money.Money;
import dev.sparks.platform.money.Sparks;
import dev.sparks.platform.web.Caller;
import dev.sparks.subscription.lifecycle.TermChanges;
import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.plan.PlanCatalog;
import dev.sparks.subscription.plan.RateLimit;
import dev.sparks.subscription.web.Views.PlanView;
import java.math.BigDecimal;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The catalog: readable by any caller (a pricing page), editable by admins. */
@RestController
class PlanAdminController {

    private final PlanCatalog catalog;
    private final TermChanges termChanges;

    PlanAdminController(PlanCatalog catalog, TermChanges termChanges) {
        this.catalog = catalog;
        this.termChanges = termChanges;
    }

    record PlanRequest(String displayName, Integer tier, Long monthlyPriceMinor, BigDecimal annualDiscountPercent,
            BigDecimal includedSparks, String overage, BigDecimal gracePercent, String trialPeriod,
            String trialEndBehavior, String quotaPeriod, List<FeatureRequest> features, RateLimitRequest rateLimit) {}

    record FeatureRequest(String feature, Boolean enabled, BigDecimal usageLimit) {}

    /** {@code burst} defaults to {@code requests}: no more at once than one period's worth. */
    record RateLimitRequest(Integer requests, String per, Integer burst) {}

    /** Enough for any real client, and keeps the bucket arithmetic far from overflow. */
    private static final int MAX_RATE = 1_000_000;

    @GetMapping("/v1/plans")
    List<PlanView> plans() {
        return catalog.all().stream().map(PlanView::of).toList();
    }

    @GetMapping("/v1/admin/plans")
    List<PlanView> adminPlans(Caller caller) {
        CallerCustomers.requireAdmin(caller);
        return plans();
    }

    @PutMapping("/v1/admin/plans/{planId}")
    PlanView save(Caller caller, @PathVariable String planId, @RequestBody PlanRequest request) {
        CallerCustomers.requireAdmin(caller);
        Plan plan = new Plan(planId, BillingController.required("display_name", request.displayName()),
                required("tier", request.tier()), new Money(Money.USD, nonNegative("monthly_price_minor",
                        required("monthly_price_minor", request.monthlyPriceMinor()))),
                percent("annual_discount_percent", request.annualDiscountPercent() == null
                        ? new BigDecimal("15") : request.annualDiscountPercent()),
                new Sparks(required("included_sparks", request.includedSparks())),
                oneOf("overage", request.overage(), Set.of(Plan.BILLED, Plan.BLOCKED)),
                percent("grace_percent", request.gracePercent() == null ? BigDecimal.ZERO : request.gracePercent()),
                period(request.trialPeriod()),
                oneOf("trial_end_behavior", request.trialEndBehavior() == null ? "downgrade" : request.trialEndBehavior(),
                        Set.of("downgrade", "pause", "cancel")),
                oneOf("quota_period", request.quotaPeriod() == null ? "calendar" : request.quotaPeriod(),
                        Set.of("calendar", "anniversary")),
                request.features() == null ? List.of() : request.features().stream().map(PlanAdminController::feature).toList(),
                request.rateLimit() == null ? null : rateLimit("rate_limit.", request.rateLimit()));
        return PlanView.of(termChanges.savePlan(plan));
    }

    @PutMapping("/v1/admin/plans/{planId}/features/{feature}")
    PlanView saveFeature(Caller caller, @PathVariable String planId, @PathVariable String feature,
            @RequestBody FeatureRequest request) {
        CallerCustomers.requireAdmin(caller);
        catalog.get(planId);
        catalog.saveFeature(planId, feature(new FeatureRequest(feature, request.enabled(), request.usageLimit())));
        return PlanView.of(catalog.get(planId));
    }

    static Plan.Feature feature(FeatureRequest request) {
        return new Plan.Feature(BillingController.required("feature", request.feature()),
                required("enabled", request.enabled()),
                request.usageLimit() == null ? null : nonNegative("usage_limit", request.usageLimit()));
    }

    /** {@code prefix} goes before the field names in problems, for limits nested in a larger request. */
    static RateLimit rateLimit(String prefix, RateLimitRequest request) {
        int requests = within(prefix + "requests", required(prefix + "requests", request.requests()));
        RateLimit.Per per = RateLimit.Per.of(required(prefix + "per", request.per()));
        if (per == null) {
            throw new InvalidFieldException(prefix + "per", "Expected second or minute");
        }
        int burst = within(prefix + "burst", request.burst() == null ? requests : request.burst());
        return new RateLimit(requests, per, burst);
    }

    private static int within(String field, int value) {
        if (value < 1 || value > MAX_RATE) {
            throw new InvalidFieldException(field, "Expected 1 to " + MAX_RATE);
        }
        return value;
    }

    private static Period period(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Period.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("trial_period", "Expected an ISO-8601 period such as P14D or P1M");
        }
    }

    private static String oneOf(String field, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new InvalidFieldException(field, "Expected one of " + allowed);
        }
        return value;
    }

    private static BigDecimal percent(String field, BigDecimal value) {
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new InvalidFieldException(field, "Expected a percentage from 0 to 100");
        }
        return value;
    }

    private static <T extends Comparable<T>> T nonNegative(String field, T value) {
        if (value instanceof BigDecimal decimal && decimal.signum() < 0 || value instanceof Long number && number < 0) {
            throw new InvalidFieldException(field, "Must not be negative");
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidFieldException(field, field + " is required");
        }
        return value;
    }
}
