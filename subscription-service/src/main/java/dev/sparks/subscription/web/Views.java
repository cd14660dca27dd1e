package dev.sparks.subscription.web;

import dev.sparks.platform.money.Money;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.plan.RateLimit;
import dev.sparks.subscription.ratelimit.RateLimits;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** The JSON shapes of the API (snake_case on the wire). Money is shown in dollars, exact to the cent. */
final class Views {

    private Views() {}

    record SubscriptionView(String customerId, String plan, String state, String billingInterval,
            OffsetDateTime trialEndsAt, OffsetDateTime currentPeriodStart, OffsetDateTime currentPeriodEnd,
            boolean cancelAtPeriodEnd, String scheduledPlan, String scheduledInterval, String stripeCustomerId,
            BigDecimal proratedAmount, String currency) {

        static SubscriptionView of(CustomerRecord row, Money prorated) {
            return new SubscriptionView(row.getCustomerId(), row.getPlan(), row.getStatus(), row.getBillingInterval(),
                    row.getTrialEndsAt(), row.getPeriodStart(), row.getPeriodEnd(), row.getCancelAtPeriodEnd(),
                    row.getScheduledPlan(), row.getScheduledInterval(), row.getStripeCustomerId(),
                    prorated == null ? null : prorated.toDecimal(), prorated == null ? null : prorated.currency());
        }
    }

    record FeatureView(String feature, boolean enabled, BigDecimal usageLimit) {

        static FeatureView of(Plan.Feature feature) {
            return new FeatureView(feature.feature(), feature.enabled(), feature.usageLimit());
        }
    }

    record PlanView(String planId, String displayName, int tier, BigDecimal monthlyPrice, BigDecimal annualPrice,
            BigDecimal annualSaving, BigDecimal annualDiscountPercent, String currency, BigDecimal includedSparks,
            String overage, BigDecimal gracePercent, String trialPeriod, String trialEndBehavior, String quotaPeriod,
            List<FeatureView> features, RateLimitView rateLimit) {

        static PlanView of(Plan plan) {
            return new PlanView(plan.planId(), plan.displayName(), plan.tier(), plan.monthlyPrice().toDecimal(),
                    plan.annualPrice().toDecimal(), plan.annualSaving().toDecimal(), plan.annualDiscountPercent(),
                    plan.monthlyPrice().currency(), plan.includedSparks().amount(), plan.overage(), plan.gracePercent(),
                    plan.trialPeriod() == null ? null : plan.trialPeriod().toString(), plan.trialEndBehavior(),
                    plan.quotaPeriod(), plan.features().stream().map(FeatureView::of).toList(),
                    RateLimitView.of(plan.rateLimit(), null));
        }
    }

    /** {@code source}: {@code customer} or {@code plan} where a customer's limit comes from; null on a plan. */
    record RateLimitView(int requests, String per, int burst, String source) {

        static RateLimitView of(RateLimit limit, String source) {
            return limit == null ? null : new RateLimitView(limit.requests(), limit.per().code(), limit.burst(), source);
        }

        static RateLimitView of(RateLimits.Effective effective) {
            return of(effective.limit(), effective.source());
        }
    }
}
