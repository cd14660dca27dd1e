package dev.sparks.invoicing.document;

import dev.sparks.invoicing.document.InvoiceDocument.Kind;
import dev.sparks.invoicing.document.InvoiceDocument.Line;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Documents for the renderer tests; each test changes only what it is about. */
final class SampleDocuments {

    static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant DECEMBER = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant ISSUED = Instant.parse("2026-12-01T06:00:00Z");

    private SampleDocuments() {
    }

    static List<Line> november() {
        return List.of(
                new Line("Subscription", "Pro plan", BigDecimal.ONE, "month", null, 4_900),
                new Line("Usage", "AI tokens", new BigDecimal("1234567.000"), "token", new BigDecimal("123456.700"), 123_457),
                new Line("Usage", "Compute minutes", new BigDecimal("600"), "minute", new BigDecimal("6000"), 600),
                new Line("Discounts", "Launch discount 10%", null, null, null, -500));
    }

    static InvoiceDocument invoice(String status, List<Line> lines) {
        return new InvoiceDocument(Kind.INVOICE, "SPK-000042", status, "cus_acme", "Acme Robotics",
                "billing@acme.example", NOVEMBER, DECEMBER, "draft".equals(status) ? null : ISSUED, "USD",
                lines, InvoiceDocument.sumOf(lines), new BigDecimal("129456.7"), null,
                List.of("Usage after 1 Dec is on your next invoice."));
    }

    static InvoiceDocument finalizedInvoice() {
        return invoice("finalized", november());
    }

    static InvoiceDocument creditNote() {
        List<Line> lines = List.of(new Line("Credits", "Refund for duplicate usage", null, null, null, -1_250));
        return new InvoiceDocument(Kind.CREDIT_NOTE, "CN-000003", "issued", "cus_acme", "Acme Robotics", null,
                NOVEMBER, DECEMBER, ISSUED, "USD", lines, -1_250, null, "SPK-000042", List.of());
    }

    static InvoiceDocument withCustomerName(String customerName, List<Line> lines) {
        return new InvoiceDocument(Kind.INVOICE, "SPK-000043", "finalized", "cus_x", customerName, null,
                NOVEMBER, DECEMBER, ISSUED, "USD", lines, InvoiceDocument.sumOf(lines), null, null, List.of());
    }

    /** {@code count} usage lines whose descriptions and amounts are all different. */
    static List<Line> manyLines(int count) {
        List<Line> lines = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            lines.add(new Line(i % 2 == 0 ? "Usage" : "Add-ons", String.format("Metered item %03d", i),
                    BigDecimal.valueOf(i * 10L), "call", null, 10_000L + i));
        }
        return lines;
    }
}
