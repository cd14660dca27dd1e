package dev.sparks.invoicing.revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Revenue figures for admins, computed from a history of subscription states and the finalized
 * invoices. A pure function: no clock, no database; the inputs may be in any order and hold other
 * months and customers. Amounts are in cents and never pass through float or double.
 *
 * <p>Months are UTC calendar months, half-open: 00:00 on the 1st belongs to the month it starts.
 * "At the start" of a month is the state as of just before its first instant, "at the end" the state
 * as of just before the first instant of the next month; so a month's start is the previous month's
 * end, and a snapshot at 00:00 on the 1st counts within the month it opens.
 *
 * <ul>
 *   <li><b>Paying</b> at an instant: the customer's latest snapshot at or before it has state
 *       {@code active} or {@code past_due} and {@code monthlyPriceMinor > 0}.</li>
 *   <li><b>Monthly recurring amount</b>: {@code monthlyPriceMinor} for monthly plans; for annual
 *       plans {@code monthlyPriceMinor × (100 − annualDiscountPercent) / 100}, kept exact.</li>
 *   <li><b>MRR</b>: sum of the monthly recurring amounts of the customers paying at the end of the
 *       month, rounded half-even to the cent once, on the sum. <b>ARR</b> = 12 × the exact sum,
 *       rounded once. <b>ARPU</b> = the exact sum / paying customers, rounded once; 0 when none.</li>
 *   <li><b>Churned</b>: paying at the start and, at the end, not paying because canceled, expired or
 *       on a plan with price 0. <b>churnedMrr</b> = their monthly recurring amount at the start,
 *       summed, rounded once. A customer paused at the end is not churned; it is counted in
 *       <b>pausedCustomers</b>. One that stopped paying for any other reason is in neither.</li>
 *   <li><b>newMrr</b>: MRR at the end of the customers not paying at the start.</li>
 *   <li><b>Trials ended</b>: snapshots in the month with transition {@code trial_converted},
 *       {@code trial_downgraded}, {@code trial_paused} or {@code trial_expired}, plus the customers
 *       who paid during their trial (a {@code trialing} snapshot followed by an {@code active} one with
 *       a price, caused by {@code subscribe} or {@code upgrade}). <b>Converted</b>:
 *       {@code trial_converted} and the paid-during-trial ones. <b>trialConversion</b> = converted /
 *       ended, half-even with scale 4, null when no trial ended.</li>
 *   <li><b>invoiced</b>: totals of the invoices finalized in the month whose status is not
 *       {@code void}; <b>collected</b>: those of them with status {@code paid}.</li>
 * </ul>
 *
 * <p>Identical snapshots count once (the history comes from Kafka, which may repeat a record). Two
 * different snapshots of a customer at the same instant keep the order they were given in.
 */
public final class RevenueMetrics {

    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);

    private RevenueMetrics() {}

    public static MonthlyRevenue forMonth(YearMonth month, List<SubscriptionSnapshot> history,
            List<InvoiceSummary> invoices) {
        Objects.requireNonNull(month, "month");
        return forMonth(month, CustomerHistory.byCustomer(requireList(history, "history")),
                requireList(invoices, "invoices"));
    }

    /** One {@link MonthlyRevenue} per month from {@code from} to {@code to}, both included, in order. */
    public static List<MonthlyRevenue> forMonths(YearMonth from, YearMonth to, List<SubscriptionSnapshot> history,
            List<InvoiceSummary> invoices) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        Collection<CustomerHistory> histories = CustomerHistory.byCustomer(requireList(history, "history"));
        requireList(invoices, "invoices");
        List<MonthlyRevenue> months = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            months.add(forMonth(month, histories, invoices));
        }
        return months;
    }

    private static MonthlyRevenue forMonth(YearMonth yearMonth, Collection<CustomerHistory> histories,
            List<InvoiceSummary> invoices) {
        UtcMonth month = UtcMonth.of(yearMonth);
        List<CustomerMonth> customers = histories.stream().map(history -> CustomerMonth.of(history, month)).toList();

        BigDecimal exactMrr = sum(customers, CustomerMonth::payingAtEnd, CustomerMonth::recurringAtEnd);
        int paying = count(customers, CustomerMonth::payingAtEnd);
        long arpu = paying == 0 ? 0
                : exactMrr.divide(BigDecimal.valueOf(paying), 0, RoundingMode.HALF_EVEN).longValueExact();
        BigDecimal exactChurned = sum(customers, CustomerMonth::churned, CustomerMonth::recurringAtStart);
        BigDecimal exactNew = sum(customers, CustomerMonth::isNew, CustomerMonth::recurringAtEnd);
        TrialOutcomes trials = TrialOutcomes.in(month, histories);
        InvoiceTotals invoiced = InvoiceTotals.finalizedIn(month, invoices);

        return new MonthlyRevenue(yearMonth,
                Cents.halfEven(exactMrr),
                Cents.halfEven(exactMrr.multiply(TWELVE)),
                paying,
                arpu,
                Cents.halfEven(exactChurned),
                count(customers, CustomerMonth::churned),
                count(customers, CustomerMonth::paused),
                Cents.halfEven(exactNew),
                trials.ended(),
                trials.converted(),
                trials.conversion(),
                invoiced.invoicedMinor(),
                invoiced.collectedMinor());
    }

    private static BigDecimal sum(List<CustomerMonth> customers, Predicate<CustomerMonth> which,
            Function<CustomerMonth, BigDecimal> amount) {
        return customers.stream().filter(which).map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static int count(List<CustomerMonth> customers, Predicate<CustomerMonth> which) {
        return (int) customers.stream().filter(which).count();
    }

    private static <T> List<T> requireList(List<T> list, String name) {
        return Objects.requireNonNull(list, name);
    }
}
