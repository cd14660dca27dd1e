package dev.sparks.invoicing.revenue;

import java.math.BigDecimal;

/**
 * One customer's state just before a month starts and just before it ends (either null when the
 * customer had no snapshot yet), and what that makes of it for the month's figures.
 */
record CustomerMonth(SubscriptionSnapshot atStart, SubscriptionSnapshot atEnd) {

    static CustomerMonth of(CustomerHistory history, UtcMonth month) {
        return new CustomerMonth(history.justBefore(month.start()), history.justBefore(month.end()));
    }

    boolean payingAtStart() {
        return RecurringAmount.isPaying(atStart);
    }

    boolean payingAtEnd() {
        return RecurringAmount.isPaying(atEnd);
    }

    BigDecimal recurringAtStart() {
        return payingAtStart() ? RecurringAmount.monthlyExact(atStart) : BigDecimal.ZERO;
    }

    BigDecimal recurringAtEnd() {
        return payingAtEnd() ? RecurringAmount.monthlyExact(atEnd) : BigDecimal.ZERO;
    }

    /** Paying at the end without paying at the start: a new customer, a returning one, or a finished trial. */
    boolean isNew() {
        return !payingAtStart() && payingAtEnd();
    }

    /** Stopped paying by pausing: expected back, so not churn. */
    boolean paused() {
        return stoppedPaying() && Codes.is(atEnd.state(), Codes.PAUSED);
    }

    /** Stopped paying because the subscription ended or moved to a plan without a price. */
    boolean churned() {
        return stoppedPaying() && !paused()
                && (Codes.isAnyOf(atEnd.state(), Codes.CANCELED, Codes.EXPIRED) || atEnd.monthlyPriceMinor() == 0);
    }

    private boolean stoppedPaying() {
        return payingAtStart() && !payingAtEnd();
    }
}
