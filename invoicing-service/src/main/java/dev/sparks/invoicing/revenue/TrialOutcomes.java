package dev.sparks.invoicing.revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;

/** How many trials ended in a month, and how many of them became paying subscriptions. */
record TrialOutcomes(int ended, int converted) {

    static TrialOutcomes in(UtcMonth month, Collection<CustomerHistory> histories) {
        int ended = 0;
        int converted = 0;
        for (CustomerHistory history : histories) {
            List<SubscriptionSnapshot> snapshots = history.inTimeOrder();
            for (int i = 0; i < snapshots.size(); i++) {
                SubscriptionSnapshot snapshot = snapshots.get(i);
                if (!month.contains(snapshot.at())) {
                    continue;
                }
                boolean paidDuringTrial = i > 0 && paidDuringTrial(snapshots.get(i - 1), snapshot);
                if (endsTrial(snapshot) || paidDuringTrial) {
                    ended++;
                }
                if (Codes.is(snapshot.transition(), Codes.TRIAL_CONVERTED) || paidDuringTrial) {
                    converted++;
                }
            }
        }
        return new TrialOutcomes(ended, converted);
    }

    /** converted / ended, half-even to four decimals; null when no trial ended (0/0 is not 0%). */
    BigDecimal conversion() {
        return ended == 0 ? null : BigDecimal.valueOf(converted).divide(BigDecimal.valueOf(ended), 4, RoundingMode.HALF_EVEN);
    }

    private static boolean endsTrial(SubscriptionSnapshot snapshot) {
        return Codes.isAnyOf(snapshot.transition(),
                Codes.TRIAL_CONVERTED, Codes.TRIAL_DOWNGRADED, Codes.TRIAL_PAUSED, Codes.TRIAL_EXPIRED);
    }

    /** A customer who chose to pay before its trial ran out: the trial ends there, converted. */
    private static boolean paidDuringTrial(SubscriptionSnapshot previous, SubscriptionSnapshot next) {
        return Codes.is(previous.state(), Codes.TRIALING)
                && Codes.is(next.state(), Codes.ACTIVE)
                && next.monthlyPriceMinor() > 0
                && Codes.isAnyOf(next.transition(), Codes.SUBSCRIBE, Codes.UPGRADE);
    }
}
