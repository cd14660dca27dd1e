package dev.sparks.invoicing.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sparks.invoicing.fee.SubscriptionFees.Fee;
import dev.sparks.invoicing.invoice.InvoiceComposer.Draft;
import dev.sparks.invoicing.invoice.InvoiceComposer.Inputs;
import dev.sparks.invoicing.ratecard.CardTerms;
import dev.sparks.invoicing.ratecard.CardTerms.VolumeDiscount;
import dev.sparks.invoicing.subscription.Snapshot;
import dev.sparks.invoicing.usage.UsageTotal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The pricing rules of one invoice. The card rate is $0.001 a Spark (1,000 Sparks = $1), so a
 * Spark amount reads as dollars with the point moved three places; every expected amount is
 * worked out by hand in the comments.
 */
class InvoiceComposerTest {

    private static final BigDecimal RATE = new BigDecimal("0.001");
    private static final CardTerms NO_VOLUME_DISCOUNT = new CardTerms("test", RATE, Optional.empty());
    private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

    // ---- totals ----

    @Test
    void theTotalIsTheSumOfTheLines() {
        Draft draft = compose(List.of(fee("pro", 9_900)), List.of(usage("llm_tokens", "1234567.891234")), List.of(),
                plan("pro", "1000000", true), NO_VOLUME_DISCOUNT, List.of(addOn(1_500), credit(-2_000)));

        // Usage $1,234.567891234 → 123457; allowance: 1,000,000 Sparks = $1,000 → −100000.
        // Owed before credit: 9900 + 123457 − 100000 + 1500 = 34857; the credit takes 2000 → 32857.
        assertThat(draft.lines()).extracting(Line::section, Line::amountMinor).containsExactly(
                tuple(Line.SUBSCRIPTION, 9_900L),
                tuple(Line.USAGE, 123_457L),
                tuple(Line.ALLOWANCE, -100_000L),
                tuple(Line.ADD_ONS, 1_500L),
                tuple(Line.CREDITS, -2_000L));
        assertThat(draft.totalMinor()).isEqualTo(32_857);
        assertThat(draft.carriedCredit()).isNull();
    }

    @Test
    void anAnnualPlanGetsItsDiscountAsADiscountLine() {
        Fee annual = new Fee("pro", Snapshot.ANNUAL, NOV, DEC, 9_900, new BigDecimal("15"), 9_900);

        Draft draft = compose(List.of(annual), List.of(), List.of(), plan("pro", "1000000", true), NO_VOLUME_DISCOUNT,
                List.of());

        // 15% of 9900 = 1485 off.
        assertThat(draft.lines()).extracting(Line::section, Line::amountMinor)
                .containsExactly(tuple(Line.SUBSCRIPTION, 9_900L), tuple(Line.DISCOUNTS, -1_485L));
        assertThat(draft.totalMinor()).isEqualTo(8_415);
    }

    // ---- usage and allowance ----

    @Test
    void usageWithinTheAllowanceNetsToExactlyZero() {
        Draft draft = compose(List.of(fee("pro", 9_900)),
                List.of(usage("llm_tokens", "1234.567891"), usage("cpu_seconds", "5.5"), usage("gb_days", "2500.000001")),
                List.of(), plan("pro", "1000000", true), NO_VOLUME_DISCOUNT, List.of());

        // $1.234567891 → 123; $0.0055 → 1; $2.500000001 → 250: 374 of usage, all taken back.
        assertThat(amounts(draft, Line.USAGE)).containsExactly(123L, 1L, 250L);
        assertThat(amounts(draft, Line.ALLOWANCE)).containsExactly(-374L);
        assertThat(line(draft, Line.ALLOWANCE).sparks()).isEqualByComparingTo("-3740.067892");
        assertThat(draft.totalMinor()).isEqualTo(9_900);
        assertThat(draft.overageSparks()).isEqualByComparingTo("0");
        assertThat(draft.usageSparks()).isEqualByComparingTo("3740.067892");
    }

    @Test
    void theAllowanceTakesBackTheRoundedUsageLinesNotTheRoundedSum() {
        Draft draft = compose(List.of(), List.of(usage("a", "6"), usage("b", "6"), usage("c", "6")), List.of(),
                plan("pro", "1000000", true), NO_VOLUME_DISCOUNT, List.of());

        // $0.006 → 1 cent per line, 3 in all, although the 18 Sparks together are $0.018 → 2 cents.
        assertThat(amounts(draft, Line.USAGE)).containsExactly(1L, 1L, 1L);
        assertThat(amounts(draft, Line.ALLOWANCE)).containsExactly(-3L);
        assertThat(draft.totalMinor()).isZero();
    }

    @Test
    void aHardLimitPlanChargesNothingForUsageEvenBeyondItsAllowance() {
        Draft draft = compose(List.of(), List.of(usage("llm_tokens", "20000"), usage("cpu_seconds", "5000.5")),
                List.of(), plan("free", "10000", false), NO_VOLUME_DISCOUNT, List.of());

        // $20.00 → 2000 and $5.0005 → 500; the hard limit takes all 2500 back.
        assertThat(amounts(draft, Line.USAGE)).containsExactly(2_000L, 500L);
        assertThat(amounts(draft, Line.ALLOWANCE)).containsExactly(-2_500L);
        assertThat(line(draft, Line.ALLOWANCE).sparks()).isEqualByComparingTo("-25000.5");
        assertThat(draft.totalMinor()).isZero();
        assertThat(draft.overageBilled()).isFalse();
        assertThat(draft.overageSparks()).isEqualByComparingTo("0");
    }

    @Test
    void onAHardLimitPlanANegativeCorrectionIsNoCreditEither() {
        Draft draft = compose(List.of(fee("personal", 900)), List.of(usage("llm_tokens", "100"), usage("cpu_seconds", "-3000")),
                List.of(), plan("personal", "10000", false), NO_VOLUME_DISCOUNT, List.of());

        // Usage lines +10 and −300 cents; the hard limit nets them to zero: only the fee is owed.
        assertThat(amounts(draft, Line.ALLOWANCE)).containsExactly(290L);
        assertThat(draft.totalMinor()).isEqualTo(900);
    }

    @Test
    void overageIsTheSparksBeyondTheAllowanceAtTheCardRate() {
        Draft draft = compose(List.of(fee("starter", 2_900)), List.of(usage("llm_tokens", "234567.891234")), List.of(),
                plan("starter", "200000", true), NO_VOLUME_DISCOUNT, List.of());

        // Usage $234.567891234 → 23457; allowance 200,000 Sparks = $200 → −20000; net 3457,
        // which is the 34,567.891234 Sparks of overage at $0.001: $34.567891234 → 3457.
        assertThat(amounts(draft, Line.USAGE)).containsExactly(23_457L);
        assertThat(amounts(draft, Line.ALLOWANCE)).containsExactly(-20_000L);
        assertThat(draft.overageSparks()).isEqualByComparingTo("34567.891234");
        assertThat(draft.totalMinor()).isEqualTo(2_900 + 3_457);
        assertThat(draft.notes()).singleElement().asString().contains("34,567.891234");
    }

    @Test
    void overageOverSeveralMetricsIsTheRoundedUsageLinesLessTheAllowance() {
        Draft draft = compose(List.of(), List.of(usage("a", "100005"), usage("b", "100005"), usage("c", "100005")),
                List.of(), plan("pro", "300000", true), NO_VOLUME_DISCOUNT, List.of());

        // Each line: $100.005 → 100.00 (half-even); allowance $300 → −30000. The 15 Sparks of
        // overage would be $0.015 → 2 cents on their own, but each line is rounded once, on its
        // line, so the overage nets to 0 here.
        assertThat(amounts(draft, Line.USAGE)).containsExactly(10_000L, 10_000L, 10_000L);
        assertThat(draft.overageSparks()).isEqualByComparingTo("15");
        assertThat(draft.totalMinor()).isZero();
    }

    @Test
    void halfACentRoundsToTheEvenCent() {
        Draft noPlan = compose(List.of(), List.of(usage("a", "25"), usage("b", "15")), List.of(), null,
                NO_VOLUME_DISCOUNT, List.of());
        // $0.025 → 0.02 (2 is even); $0.015 → 0.02 (1 is odd, so up). Half-up would give 3 + 2.
        assertThat(amounts(noPlan, Line.USAGE)).containsExactly(2L, 2L);

        Draft overage = compose(List.of(), List.of(usage("a", "200025")), List.of(), plan("starter", "200000", true),
                NO_VOLUME_DISCOUNT, List.of());
        // $200.025 → 20002; allowance −20000: 25 Sparks of overage cost 2 cents, not 3.
        assertThat(overage.totalMinor()).isEqualTo(2);
    }

    @Test
    void aCustomerWithoutAPlanPaysAllUsage() {
        Draft draft = compose(List.of(), List.of(usage("llm_tokens", "1234.5"), usage("cpu_seconds", "100")), List.of(),
                null, NO_VOLUME_DISCOUNT, List.of());

        // $1.2345 → 123; $0.10 → 10.
        assertThat(draft.lines()).extracting(Line::section).containsExactly(Line.USAGE, Line.USAGE);
        assertThat(draft.totalMinor()).isEqualTo(133);
        assertThat(draft.includedSparks()).isEqualByComparingTo("0");
        assertThat(draft.overageSparks()).isEqualByComparingTo("1334.5");
        assertThat(draft.overageBilled()).isTrue();
    }

    // ---- volume discount (5% from 10,000 Sparks) ----

    @Test
    void aboveThresholdDiscountsOnlyTheSparksAboveIt() {
        Draft draft = compose(List.of(), List.of(usage("llm_tokens", "250000")), List.of(), null,
                volumeDiscount(false), List.of());

        // $250 → 25000; 5% of the 240,000 Sparks above 10,000 = 12,000 Sparks = $12 → −1200.
        assertThat(amounts(draft, Line.DISCOUNTS)).containsExactly(-1_200L);
        assertThat(draft.totalMinor()).isEqualTo(23_800);
    }

    @Test
    void wholeMonthDiscountsAllTheSparksOnceTheThresholdIsPassed() {
        Draft draft = compose(List.of(), List.of(usage("llm_tokens", "250000")), List.of(), null,
                volumeDiscount(true), List.of());

        // 5% of all 250,000 Sparks = 12,500 Sparks = $12.50 → −1250.
        assertThat(amounts(draft, Line.DISCOUNTS)).containsExactly(-1_250L);
        assertThat(draft.totalMinor()).isEqualTo(23_750);
    }

    @Test
    void reachingTheThresholdExactlyEarnsNoDiscount() {
        for (boolean wholeMonth : new boolean[] {false, true}) {
            Draft draft = compose(List.of(), List.of(usage("llm_tokens", "10000")), List.of(), null,
                    volumeDiscount(wholeMonth), List.of());
            assertThat(amounts(draft, Line.DISCOUNTS)).as("whole month: %s", wholeMonth).isEmpty();
            assertThat(draft.totalMinor()).isEqualTo(1_000);
        }
    }

    @Test
    void oneMillionthOfASparkAboveTheThresholdEarnsTheWholeMonthDiscount() {
        Draft wholeMonth = compose(List.of(), List.of(usage("llm_tokens", "10000.000001")), List.of(), null,
                volumeDiscount(true), List.of());
        Draft aboveOnly = compose(List.of(), List.of(usage("llm_tokens", "10000.000001")), List.of(), null,
                volumeDiscount(false), List.of());

        // Usage $10.000000001 → 1000. Whole month: 5% of 10,000.000001 = 500.00000005 Sparks → $0.50 → −50.
        // Above only: 5% of 0.000001 Sparks rounds to nothing, so there is no discount line.
        assertThat(wholeMonth.totalMinor()).isEqualTo(950);
        assertThat(amounts(aboveOnly, Line.DISCOUNTS)).isEmpty();
        assertThat(aboveOnly.totalMinor()).isEqualTo(1_000);
    }

    @Test
    void theVolumeDiscountOnlyAppliesToSparksThatArePaidFor() {
        // Allowance 5,000 below the threshold; 12,000 used: 7,000 paid for, 2,000 of them above 10,000.
        Draft aboveOnly = compose(List.of(), List.of(usage("llm_tokens", "12000")), List.of(),
                plan("personal", "5000", true), volumeDiscount(false), List.of());
        Draft wholeMonth = compose(List.of(), List.of(usage("llm_tokens", "12000")), List.of(),
                plan("personal", "5000", true), volumeDiscount(true), List.of());

        // Usage 1200 − allowance 500 = 700. Above only: 5% of 2,000 = 100 Sparks → −10 → 690.
        // Whole month: 5% of the 7,000 paid for = 350 Sparks → −35 → 665.
        assertThat(amounts(aboveOnly, Line.DISCOUNTS)).containsExactly(-10L);
        assertThat(aboveOnly.totalMinor()).isEqualTo(690);
        assertThat(amounts(wholeMonth, Line.DISCOUNTS)).containsExactly(-35L);
        assertThat(wholeMonth.totalMinor()).isEqualTo(665);

        // Allowance 200,000 above the threshold, 250,000 used: the 50,000 paid for are all above it.
        Draft bigAllowance = compose(List.of(), List.of(usage("llm_tokens", "250000")), List.of(),
                plan("starter", "200000", true), volumeDiscount(false), List.of());
        // 25000 − 20000 = 5000; 5% of 50,000 = 2,500 Sparks → −250.
        assertThat(amounts(bigAllowance, Line.DISCOUNTS)).containsExactly(-250L);
        assertThat(bigAllowance.totalMinor()).isEqualTo(4_750);
    }

    @Test
    void aHardLimitPlanGetsNoVolumeDiscountOnUsageItDoesNotPayFor() {
        Draft draft = compose(List.of(), List.of(usage("llm_tokens", "50000")), List.of(), plan("free", "10000", false),
                volumeDiscount(true), List.of());

        assertThat(amounts(draft, Line.DISCOUNTS)).isEmpty();
        assertThat(draft.totalMinor()).isZero();
    }

    // ---- late usage of an earlier period ----

    @Test
    void lateUsageWithinTheEarlierPeriodsRemainingAllowanceCostsNothing() {
        // October billed 40,000 of its 50,000 included Sparks; 6,000 more arrive late.
        Draft draft = compose(List.of(), List.of(), List.of(late("40000", "50000", "6000", true)), null,
                NO_VOLUME_DISCOUNT, List.of());

        assertThat(amounts(draft, Line.ADJUSTMENTS)).containsExactly(0L);
        assertThat(draft.totalMinor()).isZero();
    }

    @Test
    void lateUsageBeyondTheRemainingAllowanceCostsOnlyTheDifference() {
        // 40,000 billed + 15,000 late = 55,000: 5,000 beyond the 50,000 included → $5.
        Draft crossing = compose(List.of(), List.of(), List.of(late("40000", "50000", "15000", true)), null,
                NO_VOLUME_DISCOUNT, List.of());
        assertThat(amounts(crossing, Line.ADJUSTMENTS)).containsExactly(500L);

        // Already 10,000 over: 1,000 late Sparks cost $1.
        Draft alreadyOver = compose(List.of(), List.of(), List.of(late("60000", "50000", "1000", true)), null,
                NO_VOLUME_DISCOUNT, List.of());
        assertThat(amounts(alreadyOver, Line.ADJUSTMENTS)).containsExactly(100L);
        assertThat(line(alreadyOver, Line.ADJUSTMENTS).sparks()).isEqualByComparingTo("1000");
    }

    @Test
    void lateUsageOfAHardLimitPeriodCostsNothing() {
        Draft draft = compose(List.of(), List.of(), List.of(late("40000", "50000", "30000", false)), null,
                NO_VOLUME_DISCOUNT, List.of());

        assertThat(amounts(draft, Line.ADJUSTMENTS)).containsExactly(0L);
    }

    @Test
    void lateAdjustmentsAreRoundedCumulativelySoTheyAddUp() {
        // 15 Sparks over: $0.015 → 2. Then 10 more: $0.025 → 2, minus the 2 already billed → 0.
        Draft first = compose(List.of(), List.of(), List.of(late("50000", "50000", "15", true)), null,
                NO_VOLUME_DISCOUNT, List.of());
        Draft second = compose(List.of(), List.of(), List.of(late("50015", "50000", "10", true)), null,
                NO_VOLUME_DISCOUNT, List.of());

        assertThat(first.totalMinor()).isEqualTo(2);
        assertThat(second.totalMinor()).isZero();
    }

    @Test
    void aNegativeLateCorrectionLowersTheTotal() {
        // October was 10,000 Sparks over; a correction of −4,000 leaves 6,000 over: $6 − $10 = −400.
        Draft draft = compose(List.of(fee("starter", 2_900)), List.of(), List.of(late("60000", "50000", "-4000", true)),
                plan("starter", "50000", true), NO_VOLUME_DISCOUNT, List.of());

        assertThat(amounts(draft, Line.ADJUSTMENTS)).containsExactly(-400L);
        assertThat(draft.totalMinor()).isEqualTo(2_500);

        // A correction that takes October back under its allowance refunds only what was paid: 2,000 over → −200.
        Draft underAgain = compose(List.of(fee("starter", 2_900)), List.of(),
                List.of(late("52000", "50000", "-5000", true)), plan("starter", "50000", true), NO_VOLUME_DISCOUNT, List.of());
        assertThat(amounts(underAgain, Line.ADJUSTMENTS)).containsExactly(-200L);
    }

    // ---- add-ons and credits ----

    @Test
    void aCreditSmallerThanWhatIsOwedIsAppliedInFull() {
        Item credit = credit(-1_000);
        Draft draft = compose(List.of(fee("starter", 2_900)), List.of(), List.of(), null, NO_VOLUME_DISCOUNT,
                List.of(credit));

        assertThat(amounts(draft, Line.CREDITS)).containsExactly(-1_000L);
        assertThat(draft.totalMinor()).isEqualTo(1_900);
        assertThat(draft.carriedCredit()).isNull();
        assertThat(draft.consumedItems()).containsExactly(credit);
    }

    @Test
    void aCreditIsNeverAppliedBeyondWhatIsOwedAndTheRestIsCarried() {
        Draft draft = compose(List.of(fee("starter", 2_900)), List.of(), List.of(), null, NO_VOLUME_DISCOUNT,
                List.of(credit(-5_000)));

        // 2900 owed: 2900 of the credit is used, 2100 carried.
        assertThat(amounts(draft, Line.CREDITS)).containsExactly(-2_900L);
        assertThat(draft.totalMinor()).isZero();
        assertThat(draft.carriedCredit()).isNotNull();
        assertThat(draft.carriedCredit().amountMinor()).isEqualTo(-2_100);
        assertThat(draft.carriedCredit().credit()).isTrue();
    }

    @Test
    void severalCreditsAreUsedInTurnUpToWhatIsOwed() {
        Draft draft = compose(List.of(fee("starter", 2_900)), List.of(), List.of(), null, NO_VOLUME_DISCOUNT,
                List.of(credit(-2_000), addOn(500), credit(-2_000)));

        // Owed 2900 + 500 = 3400: the first credit 2000, the second 1400, 600 carried.
        assertThat(amounts(draft, Line.CREDITS)).containsExactly(-2_000L, -1_400L);
        assertThat(draft.totalMinor()).isZero();
        assertThat(draft.carriedCredit().amountMinor()).isEqualTo(-600);
    }

    @Test
    void aCreditWithNothingOwedIsCarriedWhole() {
        Draft draft = compose(List.of(), List.of(), List.of(), null, NO_VOLUME_DISCOUNT, List.of(credit(-500)));

        assertThat(draft.lines()).isEmpty();
        assertThat(draft.totalMinor()).isZero();
        assertThat(draft.carriedCredit().amountMinor()).isEqualTo(-500);
    }

    @Test
    void aNegativeBalanceIsCarriedAsACreditAndTheTotalStaysZero() {
        // A correction of −50,000 Sparks on a period 100,000 over (no allowance): $50 − $100 = −5000.
        // With the 2900 fee that is −2100 owed: the invoice is 0 and 2100 (plus the unused 500 credit) is carried.
        Draft draft = compose(List.of(fee("starter", 2_900)), List.of(), List.of(late("100000", "0", "-50000", true)),
                null, NO_VOLUME_DISCOUNT, List.of(credit(-500)));

        assertThat(amounts(draft, Line.ADJUSTMENTS)).containsExactly(-5_000L);
        assertThat(amounts(draft, Line.CREDITS)).containsExactly(2_100L);
        assertThat(draft.totalMinor()).isZero();
        assertThat(draft.carriedCredit().amountMinor()).isEqualTo(-2_600);
    }

    // ---- helpers ----

    private static Draft compose(List<Fee> fees, List<UsageTotal> usage, List<LatePeriod> late, Snapshot plan,
            CardTerms terms, List<Item> items) {
        Draft draft = InvoiceComposer.compose(new Inputs(fees, usage, late, plan, terms, items));
        assertThat(draft.totalMinor()).as("the total is the sum of the lines")
                .isEqualTo(draft.lines().stream().mapToLong(Line::amountMinor).sum());
        return draft;
    }

    private static List<Long> amounts(Draft draft, String section) {
        return draft.lines().stream().filter(line -> line.section().equals(section)).map(Line::amountMinor).toList();
    }

    private static Line line(Draft draft, String section) {
        return draft.lines().stream().filter(each -> each.section().equals(section)).findFirst().orElseThrow();
    }

    static Fee fee(String plan, long amountMinor) {
        return new Fee(plan, Snapshot.MONTHLY, NOV, DEC, amountMinor, BigDecimal.ZERO, amountMinor);
    }

    static UsageTotal usage(String metric, String sparks) {
        return new UsageTotal("ai_tokens", metric, "unit", new BigDecimal(sparks), new BigDecimal(sparks),
                new BigDecimal(sparks).multiply(RATE), 1);
    }

    static Snapshot plan(String name, String includedSparks, boolean overageBilled) {
        return new Snapshot("acme", NOV, name, "active", Snapshot.MONTHLY, 0, BigDecimal.ZERO, "USD",
                new BigDecimal(includedSparks), overageBilled, "test");
    }

    private static CardTerms volumeDiscount(boolean wholeMonth) {
        return new CardTerms("test", RATE,
                Optional.of(new VolumeDiscount(new BigDecimal("10000"), new BigDecimal("5"), !wholeMonth)));
    }

    private static LatePeriod late(String billed, String included, String late, boolean overageBilled) {
        return new LatePeriod("2026-10", Instant.parse("2026-10-01T00:00:00Z"), new BigDecimal(late),
                new BigDecimal(late).multiply(RATE), 3,
                new BigDecimal(billed), new BigDecimal(included), overageBilled);
    }

    static Item addOn(long amountMinor) {
        return new Item(UUID.randomUUID(), Item.ADD_ON, "Extra seat", BigDecimal.ONE, amountMinor);
    }

    static Item credit(long amountMinor) {
        return new Item(UUID.randomUUID(), Item.CREDIT, "Goodwill credit", BigDecimal.ONE, amountMinor);
    }
}
