package dev.sparks.subscription.plan;

import dev.sparks.platform.money.Money;
import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Period;
import java.util.List;
import java.util.Optional;

/**
 * A plan of the catalog: its price, the Sparks it includes per quota period, what happens beyond
 * them, its trial, and its features.
 *
 * @param tier           order of plans: a higher tier is an upgrade
 * @param overage        {@code billed}: usage beyond the included Sparks keeps working and is invoiced;
 *                       {@code blocked}: it is refused once the grace margin is used up
 * @param gracePercent   blocked plans: how far above the limit usage is still allowed, with a warning
 * @param trialPeriod    null when the plan has no trial
 * @param quotaPeriod    {@code calendar} (1st of the month, 00:00 UTC) or {@code anniversary}
 * @param rateLimit      default rate limit of {@code quota/authorize} for the plan's customers; null: unlimited
 */
public record Plan(String planId, String displayName, int tier, Money monthlyPrice, BigDecimal annualDiscountPercent,
        Sparks includedSparks, String overage, BigDecimal gracePercent, Period trialPeriod, String trialEndBehavior,
        String quotaPeriod, List<Feature> features, RateLimit rateLimit) {

    public static final String BILLED = "billed";
    public static final String BLOCKED = "blocked";

    /** {@code (plan, feature, enabled, usage_limit)}; a null limit is unlimited. */
    public record Feature(String feature, boolean enabled, BigDecimal usageLimit) {}

    public boolean overageBilled() {
        return BILLED.equals(overage);
    }

    public boolean isFree() {
        return monthlyPrice.minorUnits() == 0;
    }

    public boolean anniversary() {
        return "anniversary".equals(quotaPeriod);
    }

    /** Twelve months less the annual discount, rounded half-even to the cent once. */
    public Money annualPrice() {
        BigDecimal twelve = BigDecimal.valueOf(monthlyPrice.minorUnits() * 12);
        BigDecimal factor = BigDecimal.ONE.subtract(annualDiscountPercent.movePointLeft(2));
        return new Money(monthlyPrice.currency(),
                twelve.multiply(factor).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
    }

    /** What paying annually saves against twelve monthly payments. */
    public Money annualSaving() {
        return new Money(monthlyPrice.currency(), monthlyPrice.minorUnits() * 12 - annualPrice().minorUnits());
    }

    public Money price(BillingInterval interval) {
        return interval == BillingInterval.ANNUAL ? annualPrice() : monthlyPrice;
    }

    public Optional<Feature> feature(String name) {
        return features.stream().filter(feature -> feature.feature().equals(name)).findFirst();
    }
}
