package dev.sparks.invoicing.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DocumentFormatTest {

    @Test
    void moneyHasThousandsSeparatorsCentsAndASignedSymbol() {
        assertThat(DocumentFormat.money(123_456, "USD")).isEqualTo("$1,234.56");
        assertThat(DocumentFormat.money(-500, "USD")).isEqualTo("-$5.00");
        assertThat(DocumentFormat.money(0, "USD")).isEqualTo("$0.00");
        assertThat(DocumentFormat.money(7, "USD")).isEqualTo("$0.07");
        assertThat(DocumentFormat.money(100_000_000_00L, "USD")).isEqualTo("$100,000,000.00");
        assertThat(DocumentFormat.money(Long.MIN_VALUE, "USD")).isEqualTo("-$92,233,720,368,547,758.08");
        assertThat(DocumentFormat.money(123_456, "EUR")).isEqualTo("EUR 1,234.56");
    }

    @Test
    void numbersDropTrailingZerosAndNeverUseAnExponent() {
        assertThat(DocumentFormat.number(new BigDecimal("1234567.500"))).isEqualTo("1,234,567.5");
        assertThat(DocumentFormat.number(new BigDecimal("1000.000"))).isEqualTo("1,000");
        assertThat(DocumentFormat.number(new BigDecimal("1E+6"))).isEqualTo("1,000,000");
        assertThat(DocumentFormat.number(new BigDecimal("0.000100"))).isEqualTo("0.0001");
        assertThat(DocumentFormat.number(new BigDecimal("-12345.6"))).isEqualTo("-12,345.6");
        assertThat(DocumentFormat.number(new BigDecimal("999"))).isEqualTo("999");
        assertThat(DocumentFormat.number(BigDecimal.ZERO.setScale(3))).isEqualTo("0");
        assertThat(DocumentFormat.number(null)).isEmpty();
    }

    @Test
    void quantityCarriesItsUnitWhenThereIsOne() {
        assertThat(DocumentFormat.quantity(new BigDecimal("95250.00"), "token")).isEqualTo("95,250 token");
        assertThat(DocumentFormat.quantity(new BigDecimal("3"), null)).isEqualTo("3");
        assertThat(DocumentFormat.quantity(null, "token")).isEmpty();
    }

    @Test
    void periodShowsItsLastDayNotItsExclusiveEnd() {
        assertThat(DocumentFormat.period(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")))
                .isEqualTo("1 Nov 2026 \u2013 30 Nov 2026");
        assertThat(DocumentFormat.period(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")))
                .isEqualTo("1 Dec 2026 \u2013 31 Dec 2026");
    }

    @Test
    void datesAreInUtc() {
        assertThat(DocumentFormat.date(Instant.parse("2026-09-30T23:59:59Z"))).isEqualTo("30 Sep 2026");
        assertThat(DocumentFormat.issued(null)).isEqualTo("Not yet issued");
    }
}
