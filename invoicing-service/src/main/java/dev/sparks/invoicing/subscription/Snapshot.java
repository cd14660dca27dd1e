package dev.sparks.invoicing.subscription;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A customer's subscription as one subscription.state.v1 record described it, in effect from
 * {@code effectiveAt} until the customer's next snapshot.
 */
public record Snapshot(String customerId, Instant effectiveAt, String plan, String state, String interval,
        long monthlyPriceMinor, BigDecimal annualDiscountPercent, String currency, BigDecimal includedSparks,
        boolean overageBilled, String transition) {

    public static final String MONTHLY = "monthly";
    public static final String ANNUAL = "annual";

    /** Active and past-due subscriptions pay their plan; trials, pauses and ended subscriptions do not. */
    public boolean paysPlan() {
        return monthlyPriceMinor > 0 && ("active".equals(state) || "past_due".equals(state));
    }

    public boolean annual() {
        return ANNUAL.equals(interval);
    }

    /** Same plan, price and interval: a new snapshot that changes none of them changes nothing on an invoice. */
    public boolean billsLike(Snapshot other) {
        return other != null && paysPlan() == other.paysPlan() && plan.equals(other.plan)
                && interval.equals(other.interval) && monthlyPriceMinor == other.monthlyPriceMinor
                && annualDiscountPercent.compareTo(other.annualDiscountPercent) == 0;
    }
}
