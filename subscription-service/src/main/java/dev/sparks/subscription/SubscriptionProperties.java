package dev.sparks.subscription;

import dev.sparks.subscription.plan.RateLimit;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.subscription.*}.
 *
 * @param defaultPlan        the plan every new customer starts on; must be in the catalog
 * @param catalog            the shipped catalog that seeds an empty plan table
 * @param thresholds         percentages of an allowance whose crossing is announced, once per period
 * @param warnAtPercent      quota/authorize answers allow_with_warning from this share of the limit on
 * @param reservationTtl     how long authorized usage counts as in flight before it lapses
 * @param schedulerInterval  how often time-driven transitions (trials, period ends) are looked for
 * @param spike              usage spike alerts
 * @param dunning            what a failed payment does to the subscription and to its usage
 */
@ConfigurationProperties("sparks.subscription")
public record SubscriptionProperties(
        @DefaultValue("free") String defaultPlan,
        @DefaultValue("classpath:catalog/plans.json") String catalog,
        @DefaultValue({"80", "90", "100"}) List<Integer> thresholds,
        @DefaultValue("80") int warnAtPercent,
        @DefaultValue("5m") Duration reservationTtl,
        @DefaultValue("1s") Duration schedulerInterval,
        @DefaultValue Spike spike,
        @DefaultValue Dunning dunning) {

    /**
     * @param multiple       an hour's Sparks above this multiple of the trailing hourly average is a spike
     * @param trailingHours  hours the average is taken over
     * @param minimumSparks  hours below this many Sparks never count as a spike (quiet customers)
     * @param maxAge         an hour that ended longer ago than this when its usage arrives raises no alert
     */
    public record Spike(@DefaultValue("5") BigDecimal multiple, @DefaultValue("24") int trailingHours,
            @DefaultValue("1000") BigDecimal minimumSparks, @DefaultValue("6h") Duration maxAge) {}

    /**
     * {@code sparks.subscription.dunning.*}: the reaction to payment outcomes on payment.events.v1.
     *
     * @param finalFailure  after the last attempt of dunning failed: {@code pause} (the default; the
     *                      customer resumes after paying) or {@code cancel}
     * @param pastDueUsage  quota/authorize while past_due: {@code allow} (with a warning), {@code throttle}
     *                      (the default: allowed with a warning, at most {@code throttle} calls) or {@code block}
     * @param throttle      the rate limit of a past-due customer under {@code throttle}; the customer's own or
     *                      plan's limit still applies when it is stricter
     */
    public record Dunning(@DefaultValue("pause") FinalFailure finalFailure,
            @DefaultValue("throttle") PastDueUsage pastDueUsage,
            @DefaultValue Throttle throttle) {}

    public enum FinalFailure { PAUSE, CANCEL }

    public enum PastDueUsage { ALLOW, THROTTLE, BLOCK }

    /** {@code requests} per {@code per} ({@code second} or {@code minute}), up to {@code burst} at once. */
    public record Throttle(@DefaultValue("1") int requests, @DefaultValue("second") String per,
            @DefaultValue("5") int burst) {

        public RateLimit limit() {
            RateLimit.Per unit = RateLimit.Per.of(per);
            if (unit == null) {
                throw new IllegalArgumentException("sparks.subscription.dunning.throttle.per is '" + per
                        + "'; expected second or minute");
            }
            return new RateLimit(requests, unit, burst);
        }
    }
}
