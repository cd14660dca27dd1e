package dev.sparks.invoicing.document;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a customer's invoice or credit note says, ready to render; amounts in minor units of
 * {@code currency}. Renderers ({@link InvoiceHtml}, {@link InvoicePdf}) only format it, so every
 * figure shown is one the caller computed.
 *
 * @param kind          invoice or credit note
 * @param number        e.g. SPK-000042 or CN-000003
 * @param status        draft, finalized, paid, void, uncollectible (credit notes: issued)
 * @param customerName  may be null: the customer id is shown instead
 * @param customerEmail may be null
 * @param periodStart   inclusive, UTC
 * @param periodEnd     exclusive, UTC; shown as its last day
 * @param issuedAt      may be null for a draft
 * @param lines         rendered grouped by section, sections in order of first appearance
 * @param totalMinor    always the sum of the lines' {@code amountMinor}
 * @param totalSparks   may be null
 * @param reference     credit note: the invoice number it corrects; invoice: null
 * @param notes         free text shown under the table; null means none
 */
public record InvoiceDocument(
        Kind kind,
        String number,
        String status,
        String customerId,
        String customerName,
        String customerEmail,
        Instant periodStart,
        Instant periodEnd,
        Instant issuedAt,
        String currency,
        List<Line> lines,
        long totalMinor,
        BigDecimal totalSparks,
        String reference,
        List<String> notes) {

    public enum Kind { INVOICE, CREDIT_NOTE }

    /**
     * One priced line.
     *
     * @param section     e.g. "Subscription", "Usage", "Discounts"; any string
     * @param quantity    may be null
     * @param unit        may be null
     * @param sparks      may be null
     * @param amountMinor signed; discounts and credits are negative
     */
    public record Line(
            String section,
            String description,
            BigDecimal quantity,
            String unit,
            BigDecimal sparks,
            long amountMinor) {

        public Line {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(description, "description");
        }
    }

    public InvoiceDocument {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(currency, "currency");
        if (!periodEnd.isAfter(periodStart)) {
            throw new IllegalArgumentException(
                    "Period end " + periodEnd + " must be after its start " + periodStart);
        }
        lines = List.copyOf(lines);
        notes = notes == null ? List.of() : List.copyOf(notes);
        long sum = sumOf(lines);
        if (totalMinor != sum) {
            // A document whose total disagrees with its lines must never reach a customer.
            throw new IllegalArgumentException(
                    "Total " + totalMinor + " of " + number + " is not the sum of its lines, " + sum);
        }
    }

    /** The sum of the lines' amounts, for callers building a document's {@code totalMinor}. */
    public static long sumOf(List<Line> lines) {
        long sum = 0;
        for (Line line : lines) {
            sum = Math.addExact(sum, line.amountMinor());
        }
        return sum;
    }
}
