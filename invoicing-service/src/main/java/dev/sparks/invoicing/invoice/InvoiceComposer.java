package dev.sparks.invoicing.invoice;

import dev.sparks.invoicing.fee.SubscriptionFees.Fee;
import dev.sparks.invoicing.ratecard.CardTerms;
import dev.sparks.invoicing.subscription.Snapshot;
import dev.sparks.invoicing.usage.UsageTotal;
import dev.sparks.platform.money.Money;
import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The pricing rules of an invoice, in one place and free of I/O: the same function makes the
 * preview, the draft and the final invoice. Every amount is rounded half-even to the cent once,
 * on its line, and the total is the sum of the lines.
 *
 * <ol>
 *   <li>Subscription: the prorated fees ({@code SubscriptionFees}) and, for annual plans, their discount.</li>
 *   <li>Usage: one line per metric, the sum of its rated events' dollars (each event at the Spark
 *       rate of the card that priced it, so a rate change mid-period bills both rates).</li>
 *   <li>Allowance: the plan's included Sparks take back what they cover, valued at the period's
 *       dollars per Spark ({@link SparkValue}). A plan that blocks overage is a hard limit: nothing
 *       beyond it is charged either.</li>
 *   <li>Volume discount (the month rule of the card in effect at the period's start): on the Sparks
 *       paid for, either those above the threshold or, once it is passed, all of them.</li>
 *   <li>Adjustments: late usage of an earlier period, charged as the difference it makes to that
 *       period's charge (so its unused allowance still applies).</li>
 *   <li>Add-ons, then credits up to what is owed; a credit never makes an invoice negative: the
 *       rest, and any negative balance, carry to the next invoice.</li>
 * </ol>
 */
public final class InvoiceComposer {

    private InvoiceComposer() {}

    public record Inputs(List<Fee> fees, List<UsageTotal> usage, List<LatePeriod> late, Snapshot plan, CardTerms terms,
            List<Item> items) {}

    /**
     * @param carriedCredit a credit (negative amount) to put on the next invoice, or null
     */
    public record Draft(List<Line> lines, long totalMinor, BigDecimal usageSparks, BigDecimal includedSparks,
            BigDecimal overageSparks, boolean overageBilled, List<LatePeriod> late, List<Item> consumedItems,
            Item carriedCredit, List<String> notes) {

        public boolean isEmpty() {
            return lines.isEmpty();
        }
    }

    public static Draft compose(Inputs in) {
        List<Line> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        BigDecimal rate = in.terms().usdPerSpark();

        for (Fee fee : in.fees()) {
            lines.add(Line.of(Line.SUBSCRIPTION, feeDescription(fee), fee.amountMinor()));
        }
        for (Fee fee : in.fees()) {
            if (fee.annualDiscountMinor() != 0) {
                lines.add(Line.of(Line.DISCOUNTS, "Annual billing: " + plain(fee.annualDiscountPercent()) + "% off "
                        + title(fee.plan()), -fee.annualDiscountMinor()));
            }
        }

        BigDecimal usageTotal = BigDecimal.ZERO;
        BigDecimal usageUsd = BigDecimal.ZERO;
        long usageMinor = 0;
        for (UsageTotal usage : in.usage()) {
            long amount = cents(usage.usd());
            usageTotal = usageTotal.add(usage.sparks());
            usageUsd = usageUsd.add(usage.usd());
            usageMinor += amount;
            lines.add(new Line(Line.USAGE, Categories.label(usage.category()) + ": " + usage.metric(), usage.metric(),
                    usage.quantity(), usage.unit(), usage.sparks(), amount));
        }
        SparkValue value = new SparkValue(usageUsd, usageTotal, rate);
        BigDecimal usageSparks = usageTotal.max(BigDecimal.ZERO);

        Snapshot plan = in.plan();
        BigDecimal included = plan == null ? BigDecimal.ZERO : plan.includedSparks();
        boolean overageBilled = plan == null || plan.overageBilled();
        BigDecimal covered = overageBilled ? usageSparks.min(included) : usageSparks;
        // A hard limit nets usage to zero either way: a correction's negative Sparks are no credit there.
        if (covered.signum() > 0 || (!overageBilled && usageMinor != 0)) {
            long credit = covered.compareTo(usageSparks) == 0 ? usageMinor : value.cents(covered);
            lines.add(new Line(Line.ALLOWANCE, "Included in " + title(plan.plan()) + ": " + sparks(covered) + " of "
                    + sparks(included) + " Sparks" + (overageBilled ? "" : " (hard limit: nothing beyond it is charged)"),
                    null, null, null, covered.negate(), -credit));
        }
        BigDecimal overage = usageSparks.subtract(covered);
        if (overage.signum() > 0 && included.signum() > 0) {
            notes.add("Overage: " + sparks(overage) + " Sparks beyond the " + sparks(included) + " included.");
        }

        in.terms().volumeDiscount().ifPresent(discount -> {
            BigDecimal beyond = usageSparks.subtract(discount.thresholdSparks()).max(BigDecimal.ZERO);
            BigDecimal base = discount.aboveThresholdOnly() ? overage.min(beyond) : (beyond.signum() > 0 ? overage : BigDecimal.ZERO);
            long amount = value.cents(base.multiply(discount.percent()).movePointLeft(2));
            if (amount != 0) {
                lines.add(new Line(Line.DISCOUNTS, "Volume discount: " + plain(discount.percent()) + "% on "
                        + sparks(base) + " Sparks" + (discount.aboveThresholdOnly() ? " above " + sparks(discount.thresholdSparks()) : ""),
                        null, null, null, null, -amount));
            }
        });

        for (LatePeriod late : in.late()) {
            long amount = lateCharge(late, rate);
            lines.add(new Line(Line.ADJUSTMENTS, "Usage of " + late.label() + " received after it was invoiced ("
                    + late.lateEvents() + " events)", null, null, null, late.lateSparks(), amount));
        }

        List<Item> consumed = new ArrayList<>();
        for (Item item : in.items()) {
            if (!item.credit()) {
                lines.add(new Line(Line.ADD_ONS, item.description(), null, item.quantity(), null, null, item.amountMinor()));
                consumed.add(item);
            }
        }
        long owed = sum(lines);
        long creditLeft = 0;
        for (Item credit : in.items()) {
            if (!credit.credit()) {
                continue;
            }
            long applied = Math.max(credit.amountMinor(), -Math.max(owed, 0));
            if (applied != 0) {
                lines.add(Line.of(Line.CREDITS, credit.description(), applied));
                owed += applied;
            }
            creditLeft += credit.amountMinor() - applied;
            consumed.add(credit);
        }
        if (owed < 0) {
            lines.add(Line.of(Line.CREDITS, "Balance carried to your next invoice as a credit", -owed));
            creditLeft += owed;
        }
        Item carried = creditLeft == 0 ? null
                : new Item(UUID.randomUUID(), Item.CREDIT, "Credit carried forward", BigDecimal.ONE, creditLeft);
        return new Draft(List.copyOf(lines), sum(lines), usageSparks, included, overage, overageBilled, in.late(), consumed,
                carried, notes);
    }

    /**
     * What late Sparks add to their period's charge: beyond its allowance only, and nothing on a
     * hard-limit plan, valued at the late events' own dollars per Spark.
     */
    static long lateCharge(LatePeriod late, BigDecimal rate) {
        if (!late.overageBilled()) {
            return 0;
        }
        SparkValue value = new SparkValue(late.lateUsd(), late.lateSparks(), rate);
        BigDecimal before = late.billedSparks().subtract(late.includedSparks()).max(BigDecimal.ZERO);
        BigDecimal after = late.billedSparks().add(late.lateSparks()).subtract(late.includedSparks()).max(BigDecimal.ZERO);
        return value.cents(after) - value.cents(before);
    }

    /** Exact dollars to cents, half-even: how every usage line is rounded. */
    public static long cents(BigDecimal exactUsd) {
        return Money.usd(exactUsd).minorUnits();
    }

    /** Sparks to cents at a rate: Sparks rounded to six decimals, times the rate, half-even to the cent. */
    public static long usd(BigDecimal sparks, BigDecimal usdPerSpark) {
        return Money.usd(new Sparks(sparks.setScale(Sparks.SCALE, Sparks.ROUNDING)).toUsd(usdPerSpark)).minorUnits();
    }

    private static long sum(List<Line> lines) {
        return lines.stream().mapToLong(Line::amountMinor).sum();
    }

    private static String feeDescription(Fee fee) {
        return title(fee.plan()) + " plan (" + fee.interval() + "), " + DateRanges.describe(fee.from(), fee.to());
    }

    static String title(String plan) {
        return plan.isEmpty() ? plan : Character.toUpperCase(plan.charAt(0)) + plan.substring(1);
    }

    static String sparks(BigDecimal sparks) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
        format.setMaximumFractionDigits(6);
        return format.format(sparks);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
