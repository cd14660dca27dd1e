package dev.sparks.subscription.quota;

import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.SubscriptionProperties.PastDueUsage;
import dev.sparks.subscription.plan.RateLimit;

/**
 * How quota/authorize treats a past-due subscription ({@code sparks.subscription.dunning}):
 * {@code allow} answers as usual (with a warning), {@code throttle} also lowers its rate limit to
 * the configured one unless its own is stricter, {@code block} denies.
 */
record PastDuePolicy(PastDueUsage usage, RateLimit throttle) {

    static PastDuePolicy of(SubscriptionProperties.Dunning dunning) {
        return new PastDuePolicy(dunning.pastDueUsage(), dunning.throttle().limit());
    }

    boolean denies() {
        return usage == PastDueUsage.BLOCK;
    }

    /** The rate limit of a past-due customer whose own (or plan's) limit is {@code own}, null for none. */
    RateLimit rateLimit(RateLimit own) {
        if (usage != PastDueUsage.THROTTLE) {
            return own;
        }
        if (own == null) {
            return throttle;
        }
        long ownRate = (long) own.requests() * throttle.per().length().toSeconds();
        long throttleRate = (long) throttle.requests() * own.per().length().toSeconds();
        return throttleRate < ownRate || throttleRate == ownRate && throttle.burst() < own.burst() ? throttle : own;
    }
}
