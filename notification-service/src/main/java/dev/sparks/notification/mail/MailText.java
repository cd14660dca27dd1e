package dev.sparks.notification.mail;

import dev.sparks.platform.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates, numbers and amounts as a customer reads them in a mail (English, UTC). */
public final class MailText {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_AND_MONTH = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);
    private static final DecimalFormatSymbols ENGLISH = DecimalFormatSymbols.getInstance(Locale.ENGLISH);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private MailText() {}

    /** "15 October 2026". */
    public static String day(Instant instant) {
        return DAY.format(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }

    /**
     * The days of the period [{@code start}, {@code end}), end exclusive as periods are stored, so
     * the last day shown is the last day included: "1–30 November 2026", "15 November – 14 December
     * 2026", "15 December 2026 – 14 January 2027", or "1 November 2026" for a single day.
     */
    public static String days(Instant start, Instant end) {
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        LocalDate lastIncluded = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
        if (!lastIncluded.isAfter(first)) {
            return DAY.format(first);
        }
        if (first.getYear() != lastIncluded.getYear()) {
            return DAY.format(first) + " – " + DAY.format(lastIncluded);
        }
        if (first.getMonth() != lastIncluded.getMonth()) {
            return DAY_AND_MONTH.format(first) + " – " + DAY.format(lastIncluded);
        }
        return first.getDayOfMonth() + "–" + DAY.format(lastIncluded);
    }

    /** An amount of Sparks or of a feature, grouped, to at most two decimals: "12,500", "1,234.57". */
    public static String quantity(BigDecimal amount) {
        DecimalFormat format = new DecimalFormat("#,##0.##", ENGLISH);
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format.format(amount);
    }

    /** Grouped, the sign before the currency: "$1,234.56", "-$0.12", "EUR 10.00". */
    public static String money(Money money) {
        DecimalFormat format = new DecimalFormat("#,##0.00", ENGLISH);
        BigDecimal amount = money.toDecimal();
        String symbol = money.currency().equals(Money.USD) ? "$" : money.currency() + " ";
        return (amount.signum() < 0 ? "-" : "") + symbol + format.format(amount.abs());
    }

    /**
     * {@code used} as a whole percentage of {@code limit}, rounded down so a mail never says 100%
     * before the limit is reached: 12,500 of 10,000 is 125.
     */
    public static int percent(BigDecimal used, BigDecimal limit) {
        return used.multiply(HUNDRED).divide(limit, 0, RoundingMode.DOWN).intValueExact();
    }
}
