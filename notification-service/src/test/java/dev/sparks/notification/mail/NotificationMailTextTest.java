package dev.sparks.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Dates, numbers and amounts in mails, as people write them. */
class NotificationMailTextTest {

    private static String days(String start, String end) {
        return MailText.days(Instant.parse(start), Instant.parse(end));
    }

    @Test
    void aPeriodEndsOnTheLastDayItIncludes() {
        assertThat(days("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")).isEqualTo("1–30 November 2026");
        assertThat(days("2026-11-15T00:00:00Z", "2026-12-15T00:00:00Z")).isEqualTo("15 November – 14 December 2026");
        assertThat(days("2026-12-15T00:00:00Z", "2027-01-15T00:00:00Z")).isEqualTo("15 December 2026 – 14 January 2027");
        assertThat(days("2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z")).isEqualTo("3 November 2026");
        assertThat(days("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z")).isEqualTo("1–28 February 2026");
    }

    @Test
    void quantitiesAreGroupedAndRoundedToTwoDecimalsAtMost() {
        assertThat(MailText.quantity(new BigDecimal("12500.000000"))).isEqualTo("12,500");
        assertThat(MailText.quantity(new BigDecimal("260.000000"))).isEqualTo("260");
        assertThat(MailText.quantity(new BigDecimal("260.456789"))).isEqualTo("260.46");
        assertThat(MailText.quantity(new BigDecimal("0.5"))).isEqualTo("0.5");
    }

    @Test
    void amountsAreGroupedWithTheSignBeforeTheCurrency() {
        assertThat(MailText.money(new Money("USD", -12))).isEqualTo("-$0.12");
        assertThat(MailText.money(new Money("USD", 123456789))).isEqualTo("$1,234,567.89");
        assertThat(MailText.money(new Money("USD", 0))).isEqualTo("$0.00");
        assertThat(MailText.money(new Money("EUR", -150000))).isEqualTo("-EUR 1,500.00");
    }

    @Test
    void theShareUsedIsRoundedDownSoItNeverReadsFullBeforeItIs() {
        assertThat(MailText.percent(new BigDecimal("12500"), new BigDecimal("10000"))).isEqualTo(125);
        assertThat(MailText.percent(new BigDecimal("9999.99"), new BigDecimal("10000"))).isEqualTo(99);
        assertThat(MailText.percent(new BigDecimal("8000"), new BigDecimal("10000"))).isEqualTo(80);
    }
}
