package dev.sparks.subscription.proration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ProrationTest {

    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");

    /** Property: however a period is cut into pieces, the pieces' prices add up to the period's price to the cent. */
    @RepeatedTest(200)
    void theProratedPiecesOfAPeriodAddUpToItsPrice(org.junit.jupiter.api.RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        long price = random.nextInt(2) == 0 ? random.nextLong(1, 10_000_000) : new long[] {900, 2900, 9900, 29580, 1}[random.nextInt(5)];
        Instant end = START.plus(Duration.ofSeconds(random.nextLong(1, 400L * 24 * 3600)));
        TreeSet<Instant> cuts = new TreeSet<>(List.of(START, end));
        int pieces = random.nextInt(1, 40);
        long seconds = Duration.between(START, end).toSeconds();
        for (int i = 0; i < pieces; i++) {
            cuts.add(START.plusSeconds(random.nextLong(0, seconds + 1)));
        }
        Money periodPrice = new Money(Money.USD, price);
        List<Instant> points = new ArrayList<>(cuts);
        long sum = 0;
        for (int i = 0; i + 1 < points.size(); i++) {
            Money piece = Proration.piece(periodPrice, START, end, points.get(i), points.get(i + 1));
            assertThat(piece.minorUnits()).isNotNegative();
            sum += piece.minorUnits();
        }
        assertThat(sum).isEqualTo(price);
    }

    @Test
    void halfOfAMonthIsHalfItsPriceBySecondRoundedHalfEvenToTheCent() {
        Money starter = new Money(Money.USD, 2900);
        Instant middle = START.plus(Duration.between(START, END).dividedBy(2));
        assertThat(Proration.remaining(starter, START, END, middle)).isEqualTo(new Money(Money.USD, 1450));
        // a third of a 31-day month of $9.00, to the second, is $3.00 exactly
        Instant third = START.plus(Duration.ofDays(31).dividedBy(3));
        assertThat(Proration.elapsed(new Money(Money.USD, 900), START, END, third)).isEqualTo(new Money(Money.USD, 300));
        assertThat(Proration.elapsed(new Money(Money.USD, 1), START, END, middle)).isEqualTo(new Money(Money.USD, 0));
    }

    @Test
    void timeOutsideThePeriodIsClamped() {
        Money price = new Money(Money.USD, 2900);
        assertThat(Proration.remaining(price, START, END, START.minusSeconds(10))).isEqualTo(price);
        assertThat(Proration.remaining(price, START, END, END.plusSeconds(10)).minorUnits()).isZero();
    }
}
