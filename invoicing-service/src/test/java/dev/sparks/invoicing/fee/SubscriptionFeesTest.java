package dev.sparks.invoicing.fee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sparks.invoicing.fee.SubscriptionFees.Fee;
import dev.sparks.invoicing.period.Period;
import dev.sparks.invoicing.subscription.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Subscription fees of one period, prorated by the millisecond. November 2026 has 30 days and
 * February 2026 has 28; every expected amount is worked out by hand in the comments
 * (cumulative rounding: a stretch [t1, t2) costs round(P·t2/T) − round(P·t1/T), half-even).
 */
class SubscriptionFeesTest {

    private static final Period NOVEMBER = new Period(at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"));
    private static final Period FEBRUARY = new Period(at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"));
    private static final long STARTER = 2_900;
    private static final long PRO = 9_900;

    @Test
    void aWholePeriodOnOnePlanCostsExactlyItsMonthlyPrice() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(),
                List.of(snapshot("2026-11-01T00:00:00Z", "starter", "active", STARTER)));

        assertThat(fees).singleElement().satisfies(fee -> {
            assertThat(fee.amountMinor()).isEqualTo(2_900);
            assertThat(fee.from()).isEqualTo(NOVEMBER.start());
            assertThat(fee.to()).isEqualTo(NOVEMBER.end());
            assertThat(fee.plan()).isEqualTo("starter");
        });
    }

    @Test
    void aSnapshotFromBeforeThePeriodAppliesFromItsStart() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-09-03T10:00:00Z", "starter", "active", STARTER),
                snapshot("2026-10-20T15:00:00Z", "pro", "active", PRO)));

        // Pro was in effect when November started: the whole month on Pro, nothing on Starter.
        assertThat(fees).singleElement().satisfies(fee -> {
            assertThat(fee.plan()).isEqualTo("pro");
            assertThat(fee.from()).isEqualTo(NOVEMBER.start());
            assertThat(fee.amountMinor()).isEqualTo(9_900);
        });
    }

    @Test
    void aSubscriptionStartingMidPeriodPaysTheRemainingShare() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(),
                List.of(snapshot("2026-11-21T00:00:00Z", "starter", "active", STARTER)));

        // 10 of 30 days: 2900 − round(2900·20/30 = 1933.33) = 2900 − 1933 = 967 (exact share 966.67).
        assertThat(fees).singleElement().satisfies(fee -> {
            assertThat(fee.from()).isEqualTo(at("2026-11-21T00:00:00Z"));
            assertThat(fee.amountMinor()).isEqualTo(967);
        });
    }

    @Test
    void anUpgradeMidPeriodChargesTheOldPlansShareThenTheNewPlansShare() {
        List<Fee> fees = SubscriptionFees.of(FEBRUARY, FEBRUARY.end(), List.of(
                snapshot("2026-01-05T00:00:00Z", "starter", "active", STARTER),
                snapshot("2026-02-11T00:00:00Z", "pro", "active", PRO)));

        // Starter for 10 of 28 days: round(2900·10/28 = 1035.71) = 1036.
        // Pro for the other 18: 9900 − round(9900·10/28 = 3535.71) = 9900 − 3536 = 6364.
        assertThat(fees).extracting(Fee::plan, Fee::amountMinor)
                .containsExactly(tuple("starter", 1_036L),
                        tuple("pro", 6_364L));
        assertThat(fees.get(0).to()).isEqualTo(fees.get(1).from()).isEqualTo(at("2026-02-11T00:00:00Z"));
    }

    @Test
    void aDowngradeAtAnHourOfTheDayIsProratedToTheMillisecond() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-10-01T00:00:00Z", "pro", "active", PRO),
                snapshot("2026-11-16T12:00:00Z", "starter", "active", STARTER)));

        // 15.5 of 30 days on Pro: round(9900·15.5/30 = 5115) = 5115.
        // 14.5 on Starter: 2900 − round(2900·15.5/30 = 1498.33) = 2900 − 1498 = 1402.
        assertThat(fees).extracting(Fee::amountMinor).containsExactly(5_115L, 1_402L);
    }

    @Test
    void aPausedStretchCostsNothing() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-10-01T00:00:00Z", "starter", "active", STARTER),
                snapshot("2026-11-11T00:00:00Z", "starter", "paused", STARTER),
                snapshot("2026-11-21T00:00:00Z", "starter", "active", STARTER)));

        // 1–11 Nov: round(2900·10/30 = 966.67) = 967. 11–21 Nov: paused, no fee.
        // 21 Nov–1 Dec: 2900 − round(2900·20/30 = 1933.33) = 967.
        assertThat(fees).extracting(Fee::from, Fee::to, Fee::amountMinor).containsExactly(
                tuple(at("2026-11-01T00:00:00Z"), at("2026-11-11T00:00:00Z"), 967L),
                tuple(at("2026-11-21T00:00:00Z"), at("2026-12-01T00:00:00Z"), 967L));
    }

    @Test
    void aTrialCostsNothingAndTheFeeStartsWhenItConverts() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-10-25T00:00:00Z", "pro", "trialing", PRO),
                snapshot("2026-11-08T00:00:00Z", "pro", "active", PRO)));

        // 23 of 30 days: 9900 − round(9900·7/30 = 2310) = 7590.
        assertThat(fees).singleElement().satisfies(fee -> {
            assertThat(fee.from()).isEqualTo(at("2026-11-08T00:00:00Z"));
            assertThat(fee.amountMinor()).isEqualTo(7_590);
        });
    }

    @Test
    void aTrialThatNeverConvertsCostsNothing() {
        assertThat(SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-11-03T00:00:00Z", "pro", "trialing", PRO),
                snapshot("2026-11-17T00:00:00Z", "pro", "canceled", PRO)))).isEmpty();
    }

    @Test
    void aCancellationMidPeriodStopsTheFee() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-10-01T00:00:00Z", "starter", "active", STARTER),
                snapshot("2026-11-21T00:00:00Z", "starter", "canceled", STARTER)));

        // 20 of 30 days: round(2900·20/30 = 1933.33) = 1933.
        assertThat(fees).singleElement().satisfies(fee -> {
            assertThat(fee.to()).isEqualTo(at("2026-11-21T00:00:00Z"));
            assertThat(fee.amountMinor()).isEqualTo(1_933);
        });
    }

    @Test
    void pastDueStillPaysAndChangesThatDoNotTouchThePriceDoNotChangeTheFee() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-10-01T00:00:00Z", "starter", "active", STARTER),
                snapshot("2026-11-05T07:13:00Z", "starter", "past_due", STARTER),
                snapshot("2026-11-09T00:00:00Z", "starter", "active", STARTER),
                snapshot("2026-11-12T19:00:00.123Z", "starter", "active", STARTER)));

        assertThat(fees).extracting(Fee::amountMinor).containsExactly(2_900L);
    }

    @Test
    void aFreePlanCostsNothing() {
        assertThat(SubscriptionFees.of(NOVEMBER, NOVEMBER.end(),
                List.of(snapshot("2026-10-01T00:00:00Z", "free", "active", 0)))).isEmpty();
    }

    @Test
    void aPreviewBillsUpToNowAndIgnoresSnapshotsFromNowOn() {
        Instant now = at("2026-11-16T00:00:00Z");
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, now, List.of(
                snapshot("2026-10-01T00:00:00Z", "starter", "active", STARTER),
                snapshot("2026-11-16T00:00:00Z", "pro", "active", PRO),
                snapshot("2026-11-20T00:00:00Z", "enterprise", "active", 49_900)));

        // Starter for 15 of November's 30 days: round(2900·15/30) = 1450; Pro starts at "now", so not yet.
        assertThat(fees).singleElement().satisfies(fee -> {
            assertThat(fee.plan()).isEqualTo("starter");
            assertThat(fee.to()).isEqualTo(now);
            assertThat(fee.amountMinor()).isEqualTo(1_450);
        });
    }

    @Test
    void aProratedHalfCentRoundsToTheEvenCentAndTheHalvesStillAddUp() {
        List<Fee> firstHalf = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-10-01T00:00:00Z", "enterprise", "active", 12_345),
                snapshot("2026-11-16T00:00:00Z", "enterprise", "canceled", 12_345)));
        List<Fee> secondHalf = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(),
                List.of(snapshot("2026-11-16T00:00:00Z", "enterprise", "active", 12_345)));

        // 15 of 30 days of 12345 = 6172.5 → 6172 (even; half-up would say 6173).
        // The second half is 12345 − 6172 = 6173, so the two add up to the price.
        assertThat(firstHalf).extracting(Fee::amountMinor).containsExactly(6_172L);
        assertThat(secondHalf).extracting(Fee::amountMinor).containsExactly(6_173L);
    }

    @Test
    void noSnapshotMeansNoFee() {
        assertThat(SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of())).isEmpty();
    }

    @Test
    void anAnniversaryPeriodIsProratedOverItsOwnLength() {
        // 15 Feb – 15 Mar 2026 is 28 days; the upgrade on 1 Mar leaves 14 days on each plan.
        Period period = new Period(at("2026-02-15T00:00:00Z"), at("2026-03-15T00:00:00Z"));
        List<Fee> fees = SubscriptionFees.of(period, period.end(), List.of(
                snapshot("2026-01-15T00:00:00Z", "starter", "active", STARTER),
                snapshot("2026-03-01T00:00:00Z", "pro", "active", PRO)));

        // Starter: round(2900·14/28) = 1450. Pro: 9900 − round(9900·14/28 = 4950) = 4950.
        assertThat(fees).extracting(Fee::amountMinor).containsExactly(1_450L, 4_950L);
    }

    // ---- annual plans ----

    @Test
    void anAnnualPlansDiscountIsItsPercentOfTheFee() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                annual("2026-10-01T00:00:00Z", "pro", PRO, "15")));

        // 15% of 9900 = 1485.
        assertThat(fees).singleElement().satisfies(fee -> {
            assertThat(fee.annual()).isTrue();
            assertThat(fee.amountMinor()).isEqualTo(9_900);
            assertThat(fee.annualDiscountMinor()).isEqualTo(1_485);
        });
    }

    @Test
    void theHalvesOfAMonthsAnnualSavingAddUpToItWithTheHalfCentRoundedOnce() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-10-01T00:00:00Z", "pro", "active", PRO),
                annual("2026-11-16T00:00:00Z", "pro", PRO, "15")));

        // Half of November: 9900 − round(9900·15/30) = 4950. November's saving is 1485; up to the
        // 16th it would be round(742.5) = 742 (even), so the second half saves 1485 − 742 = 743.
        assertThat(fees).extracting(Fee::amountMinor, Fee::annualDiscountMinor).containsExactly(
                tuple(4_950L, 0L), tuple(4_950L, 743L));
    }

    @Test
    void anAnnualSavingIsRoundedOnceAYearAndSpreadSoTwelveMonthsAddUpToIt() {
        // 16.5% off 12 x $29.00: the annual price is round(34800 x 0.835 = 29058) = 29058, a saving of 5742.
        // Months get round(5742·m/12) - round(5742·(m-1)/12): 478 or 479 (5742/12 = 478.5), never 478 x 12 = 5736.
        long year = 0;
        for (int month = 1; month <= 12; month++) {
            Period period = Period.containing(at(String.format("2027-%02d-10T00:00:00Z", month)), null);
            List<Fee> fees = SubscriptionFees.of(period, period.end(), List.of(
                    annual("2026-12-01T00:00:00Z", "starter", 2_900, "16.5")));
            long saving = fees.getFirst().annualDiscountMinor();
            assertThat(saving).isBetween(478L, 479L);
            year += saving;
        }
        assertThat(year).isEqualTo(12 * 2_900 - 29_058);
        assertThat(new Fee("pro", Snapshot.MONTHLY, NOVEMBER.start(), NOVEMBER.end(), 2_900, new BigDecimal("15"), 2_900)
                .annualDiscountMinor()).isZero();
    }

    @Test
    void switchingFromMonthlyToAnnualBillingSplitsTheFee() {
        List<Fee> fees = SubscriptionFees.of(NOVEMBER, NOVEMBER.end(), List.of(
                snapshot("2026-10-01T00:00:00Z", "pro", "active", PRO),
                annual("2026-11-11T00:00:00Z", "pro", PRO, "20")));

        // Monthly for 10 days: round(9900/3) = 3300, no discount.
        // Annual for 20 days: 9900 − 3300 = 6600, 20% off = 1320.
        assertThat(fees).extracting(Fee::interval, Fee::amountMinor, Fee::annualDiscountMinor).containsExactly(
                tuple(Snapshot.MONTHLY, 3_300L, 0L),
                tuple(Snapshot.ANNUAL, 6_600L, 1_320L));
    }

    static Snapshot snapshot(String effectiveAt, String plan, String state, long monthlyPriceMinor) {
        return new Snapshot("acme", at(effectiveAt), plan, state, Snapshot.MONTHLY, monthlyPriceMinor, BigDecimal.ZERO,
                "USD", new BigDecimal("200000"), true, "test");
    }

    private static Snapshot annual(String effectiveAt, String plan, long monthlyPriceMinor, String discountPercent) {
        return new Snapshot("acme", at(effectiveAt), plan, "active", Snapshot.ANNUAL, monthlyPriceMinor,
                new BigDecimal(discountPercent), "USD", new BigDecimal("200000"), true, "test");
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
