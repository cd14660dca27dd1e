package dev.sparks.invoicing.revenue;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * Revenue figures of one UTC month, amounts in cents. {@link RevenueMetrics} defines each of them.
 *
 * @param month            the calendar month, UTC
 * @param mrrMinor         monthly recurring revenue at the end of the month
 * @param arrMinor         annual run rate: 12 × MRR, from the exact MRR
 * @param payingCustomers  customers paying at the end of the month
 * @param arpuMinor        MRR per paying customer, 0 when none
 * @param churnedMrrMinor  start-of-month MRR of the churned customers
 * @param churnedCustomers paying at the start, canceled, expired or on a free plan at the end
 * @param pausedCustomers  paying at the start, paused at the end (not churn)
 * @param newMrrMinor      end-of-month MRR of the customers who were not paying at the start
 * @param trialsEnded      trials that ended in the month, whatever the outcome
 * @param trialsConverted  those that became a paid subscription
 * @param trialConversion  trialsConverted / trialsEnded with scale 4, null when no trial ended
 * @param invoicedMinor    total of the invoices finalized in the month, void ones left out
 * @param collectedMinor   the part of {@code invoicedMinor} whose invoices are paid
 */
public record MonthlyRevenue(
        YearMonth month,
        long mrrMinor,
        long arrMinor,
        int payingCustomers,
        long arpuMinor,
        long churnedMrrMinor,
        int churnedCustomers,
        int pausedCustomers,
        long newMrrMinor,
        int trialsEnded,
        int trialsConverted,
        BigDecimal trialConversion,
        long invoicedMinor,
        long collectedMinor) {}
