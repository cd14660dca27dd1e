package dev.sparks.invoicing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.fee.SubscriptionFees.Fee;
import dev.sparks.invoicing.invoice.InvoiceComposer.Draft;
import dev.sparks.invoicing.invoice.InvoiceComposer.Inputs;
import dev.sparks.invoicing.ratecard.CardTerms;
import dev.sparks.invoicing.ratecard.CardTerms.VolumeDiscount;
import dev.sparks.invoicing.subscription.Snapshot;
import dev.sparks.invoicing.usage.UsageTotal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Property test over random invoices (seeded): fees, usage at Spark scale 6 (some of it priced by
 * two cards with different Spark rates, as when a card changes mid-period), allowances, hard
 * limits, volume discounts, late periods, add-ons and credits. Each invoice is checked against
 * invariants a billing user relies on and against an expected figure per section, written here
 * from the rules as stated, not from the production code.
 */
class InvoiceComposerPropertyTest {

    private static final int CASES = 3_000;
    private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");
    private static final String[] RATES = {"0.001", "0.001", "0.002", "0.005", "0.01", "0.1"};

    @Test
    void randomInvoicesFollowTheBillingRules() {
        Random random = new Random(6_201);
        Coverage coverage = new Coverage();
        for (int trial = 0; trial < CASES; trial++) {
            Inputs in = randomInputs(random);
            Draft draft = InvoiceComposer.compose(in);
            String context = "trial " + trial + ": " + in;
            BigDecimal rate = in.terms().usdPerSpark();
            BigDecimal usedUsd = in.usage().stream().map(UsageTotal::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal usedSparks = in.usage().stream().map(UsageTotal::sparks).reduce(BigDecimal.ZERO, BigDecimal::add);
            boolean oneRate = usedUsd.compareTo(usedSparks.multiply(rate)) == 0;
            if (!oneRate) {
                coverage.rateChanged++;
            }

            // The total is the sum of the lines, and never negative.
            assertThat(draft.totalMinor()).as(context).isEqualTo(sum(draft.lines()));
            assertThat(draft.totalMinor()).as(context).isNotNegative();

            // Subscription: one line per fee, and the annual discounts.
            long expectedFees = 0;
            for (Fee fee : in.fees()) {
                expectedFees += fee.amountMinor();
                // The saving's amount is the fee rule's (AnnualDiscount, property-tested there): it is shown as it is.
                expectedFees -= fee.annualDiscountMinor();
            }
            assertThat(sum(draft, Line.SUBSCRIPTION) + annualDiscounts(draft)).as(context).isEqualTo(expectedFees);

            // Usage: one line per metric, its events' own dollars; then the allowance.
            BigDecimal used = BigDecimal.ZERO;
            long usageCents = 0;
            List<Long> usageLines = amounts(draft, Line.USAGE);
            for (int i = 0; i < in.usage().size(); i++) {
                UsageTotal usage = in.usage().get(i);
                long cents = cents(usage.usd());
                assertThat(usageLines.get(i)).as(context).isEqualTo(cents);
                used = used.add(usage.sparks());
                usageCents += cents;
            }
            assertThat(usageLines).hasSize(in.usage().size());
            BigDecimal included = in.plan() == null ? BigDecimal.ZERO : in.plan().includedSparks();
            boolean hardLimit = in.plan() != null && !in.plan().overageBilled();
            long netUsage = sum(draft, Line.USAGE) + sum(draft, Line.ALLOWANCE);
            BigDecimal expectedOverage;
            if (in.plan() == null) {
                coverage.noPlan++;
                assertThat(amounts(draft, Line.ALLOWANCE)).as(context).isEmpty();
                assertThat(netUsage).as(context).isEqualTo(usageCents);
                expectedOverage = used;
            } else if (hardLimit) {
                coverage.hardLimit++;
                assertThat(netUsage).as(context + ": a hard limit charges no usage").isZero();
                expectedOverage = BigDecimal.ZERO;
            } else if (used.compareTo(included) <= 0) {
                coverage.withinAllowance++;
                assertThat(netUsage).as(context + ": usage within the allowance is free").isZero();
                if (usageCents != 0) {
                    assertThat(amounts(draft, Line.ALLOWANCE)).as(context).containsExactly(-usageCents);
                }
                expectedOverage = BigDecimal.ZERO;
            } else {
                coverage.overAllowance++;
                expectedOverage = used.subtract(included);
                if (included.signum() > 0) {
                    assertThat(amounts(draft, Line.ALLOWANCE)).as(context)
                            .containsExactly(-valued(included, usedUsd, usedSparks, rate));
                } else {
                    assertThat(amounts(draft, Line.ALLOWANCE)).as(context).isEmpty();
                }
                assertThat(netUsage).as(context).isEqualTo(usageCents - valued(included, usedUsd, usedSparks, rate));
                // Each line is rounded once, so the net overage is within half a cent per rounded
                // line of the overage's own price.
                long overageCents = valued(expectedOverage, usedUsd, usedSparks, rate);
                assertThat(Math.abs(netUsage - overageCents)).as(context)
                        .isLessThanOrEqualTo((in.usage().size() + 2) / 2);
                BigDecimal allowanceCents = included.multiply(rate).movePointRight(2);
                if (oneRate && in.usage().size() == 1 && allowanceCents.stripTrailingZeros().scale() <= 0
                        && !allowanceCents.toBigIntegerExact().testBit(0)) {
                    // One metric and an allowance worth an even number of cents (any whole-dollar
                    // allowance): exactly the overage's own price, half-even.
                    assertThat(netUsage).as(context).isEqualTo(overageCents);
                }
            }
            assertThat(draft.overageSparks()).as(context).isEqualByComparingTo(expectedOverage);
            assertThat(draft.usageSparks()).as(context).isEqualByComparingTo(used.max(BigDecimal.ZERO));

            // Volume discount on the Sparks paid for.
            long expectedVolume = 0;
            if (in.terms().volumeDiscount().isPresent()) {
                VolumeDiscount discount = in.terms().volumeDiscount().get();
                BigDecimal aboveThreshold = used.subtract(discount.thresholdSparks()).max(BigDecimal.ZERO);
                BigDecimal discounted = discount.aboveThresholdOnly() ? expectedOverage.min(aboveThreshold)
                        : aboveThreshold.signum() > 0 ? expectedOverage : BigDecimal.ZERO;
                // The discount is an amount of Sparks (six decimals, half-even), then valued as the usage is.
                BigDecimal discountSparks = discounted.multiply(discount.percent()).divide(BigDecimal.valueOf(100))
                        .setScale(6, RoundingMode.HALF_EVEN);
                expectedVolume = -valued(discountSparks, usedUsd, usedSparks, rate);
                if (expectedVolume != 0) {
                    coverage.volumeDiscount++;
                }
            }
            assertThat(sum(draft, Line.DISCOUNTS) - annualDiscounts(draft)).as(context).isEqualTo(expectedVolume);

            // Late usage: what it changes in its own period's charge beyond that period's allowance.
            long expectedLate = 0;
            List<Long> lateLines = amounts(draft, Line.ADJUSTMENTS);
            for (int i = 0; i < in.late().size(); i++) {
                LatePeriod late = in.late().get(i);
                long charge = 0;
                if (late.overageBilled()) {
                    BigDecimal overBefore = late.billedSparks().subtract(late.includedSparks()).max(BigDecimal.ZERO);
                    BigDecimal overAfter = late.billedSparks().add(late.lateSparks()).subtract(late.includedSparks())
                            .max(BigDecimal.ZERO);
                    charge = valued(overAfter, late.lateUsd(), late.lateSparks(), rate)
                            - valued(overBefore, late.lateUsd(), late.lateSparks(), rate);
                    if (late.billedSparks().compareTo(late.includedSparks()) <= 0
                            && late.billedSparks().add(late.lateSparks()).compareTo(late.includedSparks()) <= 0) {
                        assertThat(charge).as(context + ": late usage within the allowance is free").isZero();
                        coverage.lateWithinAllowance++;
                    }
                }
                if (late.lateSparks().signum() < 0) {
                    assertThat(lateLines.get(i)).as(context + ": a negative correction never costs").isNotPositive();
                    coverage.negativeLate++;
                }
                assertThat(lateLines.get(i)).as(context).isEqualTo(charge);
                expectedLate += charge;
            }

            // Add-ons, then credits up to what is owed; the rest is carried.
            long addOns = in.items().stream().filter(item -> !item.credit()).mapToLong(Item::amountMinor).sum();
            long credits = in.items().stream().filter(Item::credit).mapToLong(Item::amountMinor).sum();
            assertThat(sum(draft, Line.ADD_ONS)).as(context).isEqualTo(addOns);
            long owed = expectedFees + netUsage + expectedVolume + expectedLate + addOns;
            assertThat(sum(draft.lines()) - sum(draft, Line.CREDITS)).as(context).isEqualTo(owed);

            long creditsApplied = draft.lines().stream()
                    .filter(line -> line.section().equals(Line.CREDITS) && line.amountMinor() < 0)
                    .mapToLong(Line::amountMinor).sum();
            assertThat(-creditsApplied).as(context + ": credit applied beyond what is owed")
                    .isLessThanOrEqualTo(Math.max(owed, 0));
            assertThat(draft.totalMinor()).as(context).isEqualTo(Math.max(owed + credits, 0));
            long carried = draft.carriedCredit() == null ? 0 : draft.carriedCredit().amountMinor();
            assertThat(carried).as(context + ": what is not used is carried").isEqualTo(Math.min(owed + credits, 0));
            if (draft.carriedCredit() != null) {
                coverage.carried++;
                assertThat(draft.carriedCredit().credit()).isTrue();
                assertThat(carried).isNegative();
            }
            // Nothing is lost: what the invoice charges plus what it carries is what was owed less the credits.
            assertThat(draft.totalMinor() + carried).as(context).isEqualTo(owed + credits);
            if (owed < 0) {
                coverage.negativeBalance++;
            }
        }
        coverage.assertEveryRuleWasExercised();
    }

    /** How often each rule was hit: a generator that never reaches a rule would prove nothing about it. */
    private static final class Coverage {
        int noPlan, hardLimit, withinAllowance, overAllowance, volumeDiscount, lateWithinAllowance, negativeLate,
                carried, negativeBalance, rateChanged;

        void assertEveryRuleWasExercised() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("no plan", noPlan);
            counts.put("hard limit", hardLimit);
            counts.put("within allowance", withinAllowance);
            counts.put("over allowance", overAllowance);
            counts.put("volume discount", volumeDiscount);
            counts.put("late within allowance", lateWithinAllowance);
            counts.put("negative late", negativeLate);
            counts.put("credit carried", carried);
            counts.put("negative balance", negativeBalance);
            counts.put("Spark rate changed mid-period", rateChanged);
            assertThat(counts).allSatisfy((rule, count) -> assertThat(count).as(rule).isGreaterThanOrEqualTo(50));
        }
    }

    // ---- the generator ----

    private static Inputs randomInputs(Random random) {
        List<Fee> fees = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            boolean annual = random.nextInt(3) == 0;
            long amount = random.nextInt(50_001);
            fees.add(new Fee("pro", annual ? Snapshot.ANNUAL : Snapshot.MONTHLY, NOV, DEC, 9_900,
                    annual ? new BigDecimal(new String[] {"10", "15", "16.5", "20"}[random.nextInt(4)]) : BigDecimal.ZERO,
                    amount));
        }

        Optional<VolumeDiscount> volume = random.nextBoolean() ? Optional.empty()
                : Optional.of(new VolumeDiscount(
                        new BigDecimal(new String[] {"10000", "100000", "0", "2500.5"}[random.nextInt(4)]),
                        new BigDecimal(new String[] {"5", "7.5", "10", "12.25"}[random.nextInt(4)]), random.nextBoolean()));
        CardTerms terms = new CardTerms("test", new BigDecimal(RATES[random.nextInt(RATES.length)]), volume);

        // Now and then the card's Spark rate changed mid-period: part of the usage was priced at another rate.
        BigDecimal otherRate = random.nextInt(4) == 0 ? new BigDecimal(RATES[random.nextInt(RATES.length)]) : terms.usdPerSpark();

        List<UsageTotal> usage = new ArrayList<>();
        BigDecimal scale = BigDecimal.valueOf(new long[] {10, 1_000, 100_000, 1_000_000, 10_000_000}[random.nextInt(5)]);
        for (int i = random.nextInt(6); i > 0; i--) {
            usage.add(usageTotal("metric_" + i, sparks(random, scale), terms.usdPerSpark(), otherRate, random));
        }
        if (!usage.isEmpty() && random.nextInt(8) == 0) {
            // A re-rating correction that takes back part of what the other metrics used, Sparks and dollars alike.
            BigDecimal total = usage.stream().map(UsageTotal::sparks).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal totalUsd = usage.stream().map(UsageTotal::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal share = BigDecimal.valueOf(random.nextInt(1_000_001), 6);
            BigDecimal takenBack = total.multiply(share).setScale(6, RoundingMode.DOWN);
            usage.add(new UsageTotal("ai_tokens", "corrected", "unit", takenBack.negate(), takenBack.negate(),
                    totalUsd.multiply(share).setScale(9, RoundingMode.DOWN).negate(), 1));
        }

        Snapshot plan = null;
        if (random.nextInt(5) != 0) {
            String included = new String[] {"0", "10000", "50000", "200000", "1000000", "12345.678901"}[random.nextInt(6)];
            plan = new Snapshot("acme", NOV, "starter", "active", Snapshot.MONTHLY, 2_900, BigDecimal.ZERO, "USD",
                    new BigDecimal(included), random.nextInt(3) != 0, "test");
        }

        List<LatePeriod> late = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            BigDecimal billed = sparks(random, scale);
            BigDecimal lateSparks = random.nextInt(3) == 0
                    ? billed.multiply(BigDecimal.valueOf(random.nextDouble())).setScale(6, RoundingMode.DOWN).negate()
                    : sparks(random, scale);
            BigDecimal includedBefore = new BigDecimal(new String[] {"0", "10000", "50000", "1000000"}[random.nextInt(4)]);
            BigDecimal lateRate = random.nextBoolean() ? terms.usdPerSpark() : otherRate;
            late.add(new LatePeriod("2026-10", Instant.parse("2026-10-01T00:00:00Z"), lateSparks,
                    lateSparks.multiply(lateRate), 1 + random.nextInt(100),
                    billed, includedBefore, random.nextInt(4) != 0));
        }

        List<Item> items = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            items.add(new Item(UUID.randomUUID(), Item.ADD_ON, "Add-on", BigDecimal.ONE, 1 + random.nextInt(20_000)));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            items.add(new Item(UUID.randomUUID(), Item.CREDIT, "Credit", BigDecimal.ONE, -1 - random.nextInt(50_000)));
        }
        Collections.shuffle(items, random);
        return new Inputs(fees, usage, late, plan, terms, items);
    }

    /** Up to {@code scale} Sparks with six random decimals; some whole, some tiny. */
    private static BigDecimal sparks(Random random, BigDecimal scale) {
        return switch (random.nextInt(5)) {
            case 0 -> BigDecimal.valueOf(random.nextInt(scale.intValueExact() + 1));
            case 1 -> BigDecimal.valueOf(random.nextInt(1_000_000), 6);
            default -> scale.multiply(BigDecimal.valueOf(random.nextDouble())).setScale(6, RoundingMode.DOWN);
        };
    }

    /** A metric's usage, part of it (at random) priced at {@code otherRate}: its dollars are its events' dollars. */
    private static UsageTotal usageTotal(String metric, BigDecimal sparks, BigDecimal rate, BigDecimal otherRate,
            Random random) {
        BigDecimal atOther = sparks.multiply(BigDecimal.valueOf(random.nextInt(101), 2)).setScale(6, RoundingMode.DOWN);
        BigDecimal usd = sparks.subtract(atOther).multiply(rate).add(atOther.multiply(otherRate));
        return new UsageTotal("ai_tokens", metric, "unit", sparks, sparks, usd, 1);
    }

    // ---- reading a draft ----

    /**
     * Some Sparks valued at the dollars per Spark of the usage they belong to ({@code usd} over
     * {@code sparks}), or at the card's rate when there is none to average: Sparks at six decimals,
     * then one rounding half-even to the cent.
     */
    private static long valued(BigDecimal someSparks, BigDecimal usd, BigDecimal sparks, BigDecimal cardRate) {
        BigDecimal exact = someSparks.setScale(6, RoundingMode.HALF_EVEN);
        if (sparks.signum() == 0 || usd.signum() != sparks.signum()) {
            return cents(exact.multiply(cardRate));
        }
        return cents(exact.multiply(usd).divide(sparks, 2, RoundingMode.HALF_EVEN));
    }

    /** Dollars to cents, half-even. */
    private static long cents(BigDecimal dollars) {
        return dollars.setScale(2, RoundingMode.HALF_EVEN).movePointRight(2).longValueExact();
    }

    private static long sum(List<Line> lines) {
        return lines.stream().mapToLong(Line::amountMinor).sum();
    }

    private static long sum(Draft draft, String section) {
        return amounts(draft, section).stream().mapToLong(Long::longValue).sum();
    }

    private static List<Long> amounts(Draft draft, String section) {
        return draft.lines().stream().filter(line -> line.section().equals(section)).map(Line::amountMinor).toList();
    }

    private static long annualDiscounts(Draft draft) {
        return draft.lines().stream()
                .filter(line -> line.section().equals(Line.DISCOUNTS) && line.description().startsWith("Annual billing"))
                .mapToLong(Line::amountMinor).sum();
    }
}
