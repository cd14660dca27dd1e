package dev.sparks.platform.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyAndSparksTest {

    @Test
    void sparksAreRoundedHalfEvenToSixDecimals() {
        assertThat(Sparks.price(new BigDecimal("0.0000005"), BigDecimal.ONE).amount()).isEqualByComparingTo("0.000000");
        assertThat(Sparks.price(new BigDecimal("0.0000015"), BigDecimal.ONE).amount()).isEqualByComparingTo("0.000002");
        assertThat(Sparks.price(new BigDecimal("1234"), new BigDecimal("0.1")).amount()).isEqualByComparingTo("123.4");
    }

    @Test
    void dollarsAreRoundedHalfEvenToTheCent() {
        assertThat(Money.usd(new BigDecimal("9.525")).minorUnits()).isEqualTo(952);
        assertThat(Money.usd(new BigDecimal("9.535")).minorUnits()).isEqualTo(954);
        assertThat(Money.usd(new BigDecimal("0.375")).minorUnits()).isEqualTo(38);
    }

    @Test
    void sparksConvertToDollarsExactlyAtTheSparkRate() {
        assertThat(Sparks.of("10125").toUsd(new BigDecimal("0.001"))).isEqualByComparingTo("10.125");
        assertThat(Money.usd(Sparks.of("10125").toUsd(new BigDecimal("0.001")))).isEqualTo(new Money("USD", 1012));
    }

    @Test
    void moneyOfDifferentCurrenciesDoesNotAdd() {
        assertThatThrownBy(() -> new Money("USD", 1).plus(new Money("EUR", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moneyPrintsInDollars() {
        assertThat(new Money("USD", 13550)).hasToString("$135.50");
    }
}
