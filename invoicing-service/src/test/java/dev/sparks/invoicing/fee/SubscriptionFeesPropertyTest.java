package dev.sparks.invoicing.fee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.fee.SubscriptionFees.Fee;
import dev.sparks.invoicing.period.Period;
import dev.sparks.invoicing.subscription.Snapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Properties of prorated fees over random histories (seeded). Expected amounts use an integer
 * half-even division written here, independently of the production code's BigDecimal one.
 */
class SubscriptionFeesPropertyTest {

    private static final int CASES = 2_000;
    private static final long START_2020 = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    private static final long START_2032 = Instant.parse("2032-01-01T00:00:00Z").toEpochMilli();
    private static final String[] STATES = {"trialing", "active", "past_due", "paused", "canceled"};
    private static final Set<String> PAYING = Set.of("active", "past_due");

    @Test
    void onePlanCutByChangesThatKeepItPayingCostsExactlyItsMonthlyPrice() {
        Random random = new Random(6_101);
        for (int trial = 0; trial < CASES; trial++) {
            Period period = randomPeriod(random);
            long price = randomPrice(random);
            List<Snapshot> history = new ArrayList<>();
            history.add(snapshot(firstEffective(random, period), "starter", "active", Snapshot.MONTHLY, price));
            for (long cut : sortedCuts(random, period, period.end(), random.nextInt(16))) {
                // Payment failed / recovered / contact updated: the plan keeps being paid for.
                history.add(snapshot(Instant.ofEpochMilli(cut), "starter", random.nextBoolean() ? "active" : "past_due",
                        Snapshot.MONTHLY, price));
            }

            List<Fee> fees = SubscriptionFees.of(period, period.end(), history);

            assertThat(fees.stream().mapToLong(Fee::amountMinor).sum()).as("trial %d: %s", trial, history)
                    .isEqualTo(price);
            assertContiguous(fees, period.start(), period.end());
        }
    }

    /**
     * Stretches that do not bill alike (renamed plan at the same price, monthly vs annual) really
     * cut the period into separate fees: each one is within a cent of its exact share, and the
     * cumulative rounding still makes them add up to the monthly price.
     */
    @Test
    void samePriceStretchesThatAreBilledSeparatelyStillAddUpToTheMonthlyPrice() {
        Random random = new Random(6_102);
        int casesWithSeveralFees = 0;
        for (int trial = 0; trial < CASES; trial++) {
            Period period = randomPeriod(random);
            long price = randomPrice(random);
            String[][] variants = {{"pro", Snapshot.MONTHLY}, {"pro-2025", Snapshot.MONTHLY}, {"pro", Snapshot.ANNUAL}};
            List<Snapshot> history = new ArrayList<>();
            String[] previous = variants[random.nextInt(variants.length)];
            history.add(snapshot(firstEffective(random, period), previous[0], "active", previous[1], price));
            int expectedFees = 1;
            for (long cut : innerCuts(random, period, random.nextInt(12))) {
                String[] variant = variants[random.nextInt(variants.length)];
                if (variant != previous) {
                    expectedFees++;
                }
                history.add(snapshot(Instant.ofEpochMilli(cut), variant[0], "active", variant[1], price));
                previous = variant;
            }

            List<Fee> fees = SubscriptionFees.of(period, period.end(), history);

            assertThat(fees.stream().mapToLong(Fee::amountMinor).sum()).as("trial %d", trial).isEqualTo(price);
            assertContiguous(fees, period.start(), period.end());
            for (Fee fee : fees) {
                BigDecimal exact = BigDecimal.valueOf(price)
                        .multiply(BigDecimal.valueOf(fee.to().toEpochMilli() - fee.from().toEpochMilli()))
                        .divide(BigDecimal.valueOf(period.millis()), 10, RoundingMode.HALF_EVEN);
                assertThat(BigDecimal.valueOf(fee.amountMinor()).subtract(exact).abs())
                        .as("trial %d: %s", trial, fee).isLessThanOrEqualTo(BigDecimal.ONE);
            }
            assertThat(fees).as("trial %d: one fee per run of alike stretches", trial).hasSize(expectedFees);
            if (fees.size() > 1) {
                casesWithSeveralFees++;
            }
        }
        assertThat(casesWithSeveralFees).as("the generator really cuts periods").isGreaterThan(CASES / 2);
    }

    /**
     * Any history (plan changes, trials, pauses, cancellations, previews): the fees are the paying
     * stretches only, each costing round(P·t₂/T) − round(P·t₁/T); snapshots from {@code until} on
     * change nothing.
     */
    @Test
    void anyHistoryIsChargedForItsPayingStretchesOnly() {
        Random random = new Random(6_103);
        for (int trial = 0; trial < CASES; trial++) {
            Period period = randomPeriod(random);
            Instant until = random.nextBoolean() ? period.end()
                    : Instant.ofEpochMilli(period.start().toEpochMilli() + 1 + (long) (random.nextDouble() * (period.millis() - 1)));
            List<Snapshot> history = new ArrayList<>();
            history.add(randomSnapshot(random, firstEffective(random, period)));
            // Cuts anywhere in the period, including after until (a preview must ignore those).
            for (long cut : sortedCuts(random, period, period.end(), random.nextInt(10))) {
                history.add(randomSnapshot(random, Instant.ofEpochMilli(cut)));
            }

            List<Fee> fees = SubscriptionFees.of(period, until, history);

            long expectedTotal = 0;
            long expectedPaidMillis = 0;
            long start = period.start().toEpochMilli();
            for (int i = 0; i < history.size(); i++) {
                Snapshot snapshot = history.get(i);
                long from = Math.max(snapshot.effectiveAt().toEpochMilli(), start);
                long to = Math.min(i + 1 < history.size() ? history.get(i + 1).effectiveAt().toEpochMilli() : Long.MAX_VALUE,
                        until.toEpochMilli());
                if (from < to && PAYING.contains(snapshot.state()) && snapshot.monthlyPriceMinor() > 0) {
                    long price = snapshot.monthlyPriceMinor();
                    expectedTotal += roundHalfEven(price * (to - start), period.millis())
                            - roundHalfEven(price * (from - start), period.millis());
                    expectedPaidMillis += to - from;
                }
            }
            assertThat(fees.stream().mapToLong(Fee::amountMinor).sum()).as("trial %d: %s", trial, history)
                    .isEqualTo(expectedTotal);
            assertThat(fees.stream().mapToLong(fee -> fee.to().toEpochMilli() - fee.from().toEpochMilli()).sum())
                    .as("trial %d", trial).isEqualTo(expectedPaidMillis);
            Instant previousEnd = period.start();
            for (Fee fee : fees) {
                assertThat(fee.from()).isAfterOrEqualTo(previousEnd).isBefore(fee.to());
                assertThat(fee.to()).isBeforeOrEqualTo(until);
                assertThat(fee.amountMinor()).isNotNegative();
                previousEnd = fee.to();
            }
        }
    }

    /** {@code numerator / denominator} rounded half-even, for non-negative numbers. */
    private static long roundHalfEven(long numerator, long denominator) {
        long quotient = numerator / denominator;
        long twiceRemainder = 2 * (numerator % denominator);
        if (twiceRemainder > denominator || (twiceRemainder == denominator && quotient % 2 == 1)) {
            quotient++;
        }
        return quotient;
    }

    private static void assertContiguous(List<Fee> fees, Instant start, Instant end) {
        assertThat(fees).isNotEmpty();
        assertThat(fees.getFirst().from()).isEqualTo(start);
        assertThat(fees.getLast().to()).isEqualTo(end);
        for (int i = 1; i < fees.size(); i++) {
            assertThat(fees.get(i).from()).isEqualTo(fees.get(i - 1).to());
        }
    }

    /**
     * An annual plan, cut into stretches by changes that keep it paying, over twelve consecutive
     * periods: its savings add up to twelve monthly prices less the annual price, rounded once a
     * year as subscription-service rounds it, to the cent.
     */
    @Test
    void anAnnualPlansSavingsOverAYearAreTwelveMonthsLessTheAnnualPriceExactly() {
        Random random = new Random(6_107);
        for (int trial = 0; trial < 300; trial++) {
            long price = randomPrice(random);
            BigDecimal percent = BigDecimal.valueOf(random.nextInt(5_001), 2); // 0.00% to 50.00%
            Period period = randomPeriod(random);
            Instant anchor = random.nextBoolean() ? null : period.start();
            long year = 0;
            for (int month = 0; month < 12; month++) {
                List<Snapshot> history = new ArrayList<>();
                history.add(annual(period.start().minus(Duration.ofDays(1)), price, percent));
                for (long cut : sortedCuts(random, period, period.end(), random.nextInt(4))) {
                    history.add(annual(Instant.ofEpochMilli(cut), price, percent));
                }
                year += SubscriptionFees.of(period, period.end(), history).stream()
                        .mapToLong(Fee::annualDiscountMinor).sum();
                period = period.next(anchor);
            }
            long annualPrice = BigDecimal.valueOf(price * 12).multiply(BigDecimal.ONE.subtract(percent.movePointLeft(2)))
                    .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            assertThat(year).as("trial %d: %d at %s%%", trial, price, percent).isEqualTo(price * 12 - annualPrice);
        }
    }

    /** Renamed each time, so that every snapshot really cuts a stretch. */
    private static Snapshot annual(Instant effectiveAt, long price, BigDecimal percent) {
        return new Snapshot("acme", effectiveAt, "pro-" + effectiveAt.toEpochMilli(), "active", Snapshot.ANNUAL, price,
                percent, "USD", new BigDecimal("200000"), true, "test");
    }

    private static Period randomPeriod(Random random) {
        Instant instant = Instant.ofEpochMilli(START_2020 + (long) (random.nextDouble() * (START_2032 - START_2020)));
        Instant anchor = random.nextBoolean() ? null
                : Instant.ofEpochMilli(START_2020 + (long) (random.nextDouble() * (START_2032 - START_2020)));
        return Period.containing(instant, anchor);
    }

    private static long randomPrice(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> new long[] {900, 2_900, 9_900, 49_900}[random.nextInt(4)];
            case 1 -> 1 + random.nextInt(100);
            default -> 1 + random.nextInt(500_000);
        };
    }

    /** The first snapshot: in effect from before the period (usually) or from its very start. */
    private static Instant firstEffective(Random random, Period period) {
        return random.nextInt(4) == 0 ? period.start()
                : period.start().minus(Duration.ofMillis(1 + (long) (random.nextDouble() * Duration.ofDays(90).toMillis())));
    }

    /** Sorted instants in [start, end), often bunched at the edges, sometimes equal. */
    private static List<Long> sortedCuts(Random random, Period period, Instant end, int count) {
        long start = period.start().toEpochMilli();
        long span = end.toEpochMilli() - start;
        List<Long> cuts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cuts.add(switch (random.nextInt(6)) {
                case 0 -> start + random.nextInt((int) Math.min(span, 1_000));
                case 1 -> end.toEpochMilli() - 1 - random.nextInt((int) Math.min(span, 1_000));
                case 2 -> cuts.isEmpty() ? start : cuts.get(random.nextInt(cuts.size()));
                default -> start + (long) (random.nextDouble() * span);
            });
        }
        cuts.sort(null);
        return cuts;
    }

    /** Distinct sorted instants strictly inside the period. */
    private static List<Long> innerCuts(Random random, Period period, int count) {
        TreeSet<Long> cuts = new java.util.TreeSet<>();
        long start = period.start().toEpochMilli();
        for (int i = 0; i < count; i++) {
            cuts.add(random.nextBoolean() ? start + 1 + random.nextInt(1_000)
                    : start + 1 + (long) (random.nextDouble() * (period.millis() - 1)));
        }
        return new ArrayList<>(cuts);
    }

    private static Snapshot randomSnapshot(Random random, Instant effectiveAt) {
        String plan = new String[] {"personal", "starter", "pro"}[random.nextInt(3)];
        long price = random.nextInt(8) == 0 ? 0 : randomPrice(random);
        boolean annual = random.nextInt(4) == 0;
        return new Snapshot("acme", effectiveAt, plan, STATES[random.nextInt(STATES.length)],
                annual ? Snapshot.ANNUAL : Snapshot.MONTHLY, price, annual ? new BigDecimal("15") : BigDecimal.ZERO, "USD",
                new BigDecimal("50000"), true, "test");
    }

    private static Snapshot snapshot(Instant effectiveAt, String plan, String state, String interval, long price) {
        return new Snapshot("acme", effectiveAt, plan, state, interval, price,
                Snapshot.ANNUAL.equals(interval) ? new BigDecimal("20") : BigDecimal.ZERO, "USD", new BigDecimal("200000"),
                true, "test");
    }
}
