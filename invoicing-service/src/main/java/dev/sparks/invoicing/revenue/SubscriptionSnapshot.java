package dev.sparks.invoicing.revenue;

import java.time.Instant;

/**
 * One recorded subscription state of a customer, effective from {@code at} until the customer's
 * next snapshot.
 *
 * @param plan                  free, personal, starter, pro, enterprise (any string)
 * @param state                 trialing, active, past_due, paused, canceled, expired
 * @param interval              monthly or annual
 * @param monthlyPriceMinor     the plan's list price per month in cents (0 for free)
 * @param annualDiscountPercent e.g. 15; applies when the interval is annual
 * @param transition            what caused it: subscribe, start_trial, upgrade, downgrade_now, pause,
 *                              resume, cancel_now, period_end_canceled, trial_converted,
 *                              trial_downgraded, trial_paused, trial_expired, period_renewed,
 *                              payment_failed, payment_recovered, ... (may be null)
 */
public record SubscriptionSnapshot(
        String customerId,
        Instant at,
        String plan,
        String state,
        String interval,
        long monthlyPriceMinor,
        int annualDiscountPercent,
        String transition) {}
