package dev.sparks.invoicing.revenue;

import java.math.BigDecimal;

/** Whether a subscription state brings in money every month, and how much, exactly (in cents). */
final class RecurringAmount {

    private RecurringAmount() {}

    /** Active or past due (still owed, not yet lost) on a plan with a price. */
    static boolean isPaying(SubscriptionSnapshot snapshot) {
        return snapshot != null
                && snapshot.monthlyPriceMinor() > 0
                && Codes.isAnyOf(snapshot.state(), Codes.ACTIVE, Codes.PAST_DUE);
    }

    /**
     * The list price for monthly plans; for annual plans the discounted price spread over twelve
     * months, kept exact (it may end in a fraction of a cent) so that only the sum is rounded.
     */
    static BigDecimal monthlyExact(SubscriptionSnapshot snapshot) {
        BigDecimal listPrice = BigDecimal.valueOf(snapshot.monthlyPriceMinor());
        if (!Codes.is(snapshot.interval(), Codes.ANNUAL)) {
            return listPrice;
        }
        return listPrice.multiply(BigDecimal.valueOf(100L - snapshot.annualDiscountPercent())).movePointLeft(2);
    }
}
