package dev.sparks.invoicing.document;

import dev.sparks.platform.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The words and figures an invoice or credit note shows, shared by the HTML and PDF renderers so
 * both say exactly the same thing. Only characters the PDF's Standard 14 fonts can encode are
 * used: negatives take an ASCII hyphen-minus, not U+2212, for that reason.
 */
public final class DocumentFormat {

    /** Between two dates of a period; an en dash, which WinAnsi (and so the PDF fonts) can encode. */
    public static final String RANGE_DASH = " \u2013 ";

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private DocumentFormat() {
    }

    /** {@code $1,234.56}, {@code -$5.00}; other currencies as {@code EUR 1,234.56}. */
    public static String money(long minorUnits, String currency) {
        BigDecimal amount = new Money(currency, minorUnits).toDecimal();
        String symbol = Money.USD.equals(currency) ? "$" : currency + " ";
        return (amount.signum() < 0 ? "-" : "") + symbol + grouped(amount.abs().toPlainString());
    }

    /** {@code 1,234,567.5}: thousands separators, no trailing zeros, never an exponent; null is "". */
    public static String number(BigDecimal value) {
        if (value == null) {
            return "";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        String sign = stripped.signum() < 0 ? "-" : "";
        return sign + grouped(stripped.abs().toPlainString());
    }

    /** {@code 95,250 token}; the unit as given. Null quantity is "". */
    public static String quantity(BigDecimal quantity, String unit) {
        if (quantity == null) {
            return "";
        }
        return unit == null || unit.isBlank() ? number(quantity) : number(quantity) + " " + unit;
    }

    /** {@code 1 Nov 2026}, in UTC. */
    public static String date(Instant instant) {
        return DAY.format(instant);
    }

    /** {@code 1 Nov 2026 – 30 Nov 2026}: the end is exclusive, so the last day shown is the one before it. */
    public static String period(Instant start, Instant endExclusive) {
        return date(start) + RANGE_DASH + date(endExclusive.minusMillis(1));
    }

    /** The issue date, or a plain statement that a draft has none yet. */
    public static String issued(Instant issuedAt) {
        return issuedAt == null ? "Not yet issued" : date(issuedAt);
    }

    public static String title(InvoiceDocument.Kind kind) {
        return switch (kind) {
            case INVOICE -> "Invoice";
            case CREDIT_NOTE -> "Credit note";
        };
    }

    /** The status as a badge says it: {@code DRAFT}, {@code PAID}. */
    public static String status(String status) {
        return status.strip().toUpperCase(Locale.ROOT);
    }

    public static boolean isDraft(InvoiceDocument document) {
        return "draft".equalsIgnoreCase(document.status().strip());
    }

    /** Who the document is for: the name when known, else the customer id. */
    public static String customer(InvoiceDocument document) {
        String name = document.customerName();
        return name == null || name.isBlank() ? document.customerId() : name;
    }

    /** Credit notes say which invoice they correct; null when there is nothing to say. */
    public static String reference(InvoiceDocument document) {
        String reference = document.reference();
        if (reference == null || reference.isBlank()) {
            return null;
        }
        return document.kind() == InvoiceDocument.Kind.CREDIT_NOTE
                ? "Corrects invoice " + reference
                : "Reference " + reference;
    }

    public static String subtotalLabel(String section) {
        return section + " subtotal";
    }

    /** Inserts a comma every three digits of the integer part of a plain, unsigned decimal. */
    private static String grouped(String plainUnsigned) {
        int point = plainUnsigned.indexOf('.');
        String integer = point < 0 ? plainUnsigned : plainUnsigned.substring(0, point);
        String fraction = point < 0 ? "" : plainUnsigned.substring(point);
        StringBuilder out = new StringBuilder(plainUnsigned.length() + integer.length() / 3);
        int firstGroup = integer.length() % 3 == 0 ? 3 : integer.length() % 3;
        out.append(integer, 0, firstGroup);
        for (int i = firstGroup; i < integer.length(); i += 3) {
            out.append(',').append(integer, i, i + 3);
        }
        return out.append(fraction).toString();
    }
}
