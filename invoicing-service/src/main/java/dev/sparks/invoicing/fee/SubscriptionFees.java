package dev.sparks.invoicing.fee;

import dev.sparks.invoicing.period.Period;
import dev.sparks.invoicing.subscription.Snapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The subscription fee of a billing period, from the subscription history: each stretch of the
 * period on a paying plan costs the plan's monthly price times the stretch's share of the period,
 * by the millisecond. Trials, pauses and ended subscriptions cost nothing, so mid-period starts,
 * upgrades, downgrades and pauses are all prorated by the same rule. Fees are billed in arrears.
 *
 * <p>Rounding: a stretch's fee is the difference of two cumulative amounts, each rounded half-even
 * to the cent ({@code round(P·t₂/T) − round(P·t₁/T)}), so the stretches of one plan over a whole
 * period add up to exactly its monthly price, however the period is cut.
 */
public final class SubscriptionFees {

    private SubscriptionFees() {}

    /**
     * A stretch of the period billed at one plan's price; annual plans get their saving
     * ({@link AnnualDiscount}) as a separate line.
     */
    public record Fee(String plan, String interval, Instant from, Instant to, long monthlyPriceMinor,
            BigDecimal annualDiscountPercent, long amountMinor, long annualDiscountMinor) {

        /** A stretch of the calendar month {@code from} is in. */
        public Fee(String plan, String interval, Instant from, Instant to, long monthlyPriceMinor,
                BigDecimal annualDiscountPercent, long amountMinor) {
            this(plan, interval, from, to, monthlyPriceMinor, annualDiscountPercent, amountMinor,
                    Snapshot.ANNUAL.equals(interval) ? AnnualDiscount.over(monthlyPriceMinor, annualDiscountPercent,
                            Period.containing(from, null), from, to) : 0L);
        }

        public boolean annual() {
            return Snapshot.ANNUAL.equals(interval);
        }
    }

    /**
     * The fees of {@code period} up to {@code until} (the period's end, or now for a preview), from
     * the snapshots in effect during it: the one in effect at the start first, then in order.
     */
    public static List<Fee> of(Period period, Instant until, List<Snapshot> snapshots) {
        List<Fee> fees = new ArrayList<>();
        Snapshot current = null;
        Instant stretchStart = period.start();
        for (Snapshot next : snapshots) {
            Instant at = next.effectiveAt().isBefore(period.start()) ? period.start() : next.effectiveAt();
            if (!at.isBefore(until)) {
                break;
            }
            if (current != null && next.billsLike(current)) {
                continue;
            }
            addStretch(fees, period, current, stretchStart, at);
            current = next;
            stretchStart = at;
        }
        addStretch(fees, period, current, stretchStart, until);
        return fees;
    }

    private static void addStretch(List<Fee> fees, Period period, Snapshot plan, Instant from, Instant to) {
        if (plan == null || !plan.paysPlan() || !from.isBefore(to)) {
            return;
        }
        long amount = cumulative(plan.monthlyPriceMinor(), period, to) - cumulative(plan.monthlyPriceMinor(), period, from);
        long saving = plan.annual()
                ? AnnualDiscount.over(plan.monthlyPriceMinor(), plan.annualDiscountPercent(), period, from, to) : 0L;
        fees.add(new Fee(plan.plan(), plan.interval(), from, to, plan.monthlyPriceMinor(), plan.annualDiscountPercent(),
                amount, saving));
    }

    /** The price for the period up to {@code at}, rounded half-even to the cent. */
    static long cumulative(long monthlyPriceMinor, Period period, Instant at) {
        long elapsed = at.toEpochMilli() - period.start().toEpochMilli();
        return BigDecimal.valueOf(monthlyPriceMinor).multiply(BigDecimal.valueOf(elapsed))
                .divide(BigDecimal.valueOf(period.millis()), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }
}
