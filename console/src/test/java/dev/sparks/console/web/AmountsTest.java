package dev.sparks.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Amounts are formatted from the services' exact decimals and cents, never through a double. */
class AmountsTest {

    private final Amounts amounts = new Amounts();

    @Test
    void dollarsAndCents() {
        assertThat(amounts.cents(15843)).isEqualTo("$158.43");
        assertThat(amounts.cents(-16840)).isEqualTo("−$168.40");
        assertThat(amounts.dollars(new BigDecimal("1234567.5"))).isEqualTo("$1,234,567.50");
        assertThat(amounts.dollars(new BigDecimal("0.125"))).as("half-even, as invoices round").isEqualTo("$0.12");
        assertThat(amounts.dollars(new BigDecimal("9007199254740993.01"))).isEqualTo("$9,007,199,254,740,993.01");
    }

    @Test
    void sparksAndPercentages() {
        assertThat(amounts.sparks(new BigDecimal("168400.000000"))).isEqualTo("168,400");
        assertThat(amounts.sparks(new BigDecimal("0.5"))).isEqualTo("0.5");
        assertThat(amounts.percent(new BigDecimal("0.7500"))).isEqualTo("75%");
        assertThat(amounts.percent(new BigDecimal("0.4250"))).isEqualTo("42.5%");
        assertThat(amounts.percent(null)).isEqualTo("–");
    }
}
