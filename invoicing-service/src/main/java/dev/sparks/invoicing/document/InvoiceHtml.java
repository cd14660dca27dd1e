package dev.sparks.invoicing.document;

import static dev.sparks.invoicing.document.HtmlText.escape;

import java.util.List;
import java.util.Locale;

/**
 * Renders an invoice or credit note as one self-contained HTML5 page: inline CSS and nothing
 * fetched, so it displays the same in a browser, an email client or an archive years later.
 */
public final class InvoiceHtml {

    private static final String STYLE = """
            *{box-sizing:border-box}
            body{margin:0;padding:32px 16px;background:#f3f4f6;color:#1f2937;
              font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif}
            .document{position:relative;max-width:820px;margin:0 auto;background:#fff;padding:48px;
              border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.08),0 8px 24px rgba(0,0,0,.06)}
            .masthead{display:flex;justify-content:space-between;align-items:flex-start;gap:16px}
            .brand{font-weight:700;color:#ea580c;letter-spacing:.04em;text-transform:uppercase;font-size:13px}
            h1{margin:4px 0 0;font-size:28px;font-weight:700}
            h1 .number{color:#6b7280;font-weight:500}
            h2{margin:0 0 4px;font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:#6b7280}
            .badge{display:inline-block;padding:4px 12px;border-radius:999px;font-size:12px;font-weight:700;
              letter-spacing:.08em;background:#e5e7eb;color:#374151;white-space:nowrap}
            .badge-draft{background:#fef3c7;color:#92400e}
            .badge-finalized,.badge-issued{background:#dbeafe;color:#1e40af}
            .badge-paid{background:#dcfce7;color:#166534}
            .badge-void,.badge-uncollectible{background:#fee2e2;color:#991b1b}
            .reference{margin:16px 0 0;padding:8px 12px;border-left:3px solid #ea580c;background:#fff7ed}
            .parties{display:flex;justify-content:space-between;gap:32px;margin:32px 0}
            .parties p{margin:0}
            .customer-name{font-weight:600;font-size:16px}
            .muted{color:#6b7280}
            .facts{display:grid;grid-template-columns:auto auto;gap:2px 16px;margin:0}
            .facts dt{color:#6b7280}
            .facts dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
            table{width:100%;border-collapse:collapse}
            th,td{padding:8px;text-align:left;vertical-align:top}
            thead th{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:#6b7280;
              border-bottom:2px solid #e5e7eb}
            .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
            .section-name th{padding-top:20px;font-weight:700;color:#111827;border-bottom:1px solid #e5e7eb}
            tbody td{border-bottom:1px solid #f3f4f6}
            .negative{color:#15803d}
            .subtotal td{font-weight:600;color:#374151;border-bottom:none}
            .empty td{color:#6b7280;font-style:italic}
            .total th,.total td{padding-top:16px;font-size:18px;font-weight:700;border-top:2px solid #1f2937}
            .notes{margin-top:32px;color:#4b5563}
            .notes p{margin:0 0 6px}
            .watermark{position:fixed;top:40%;left:0;right:0;text-align:center;font-size:160px;font-weight:800;
              color:rgba(220,38,38,.08);transform:rotate(-30deg);pointer-events:none;z-index:10;
              letter-spacing:.1em}
            @media print{body{background:#fff;padding:0}.document{box-shadow:none;border-radius:0}}
            """;

    private InvoiceHtml() {
    }

    public static String render(InvoiceDocument document) {
        StringBuilder html = new StringBuilder(4096);
        String title = DocumentFormat.title(document.kind());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title + " " + document.number() + " \u00b7 "
                        + DocumentFormat.customer(document))).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        if (DocumentFormat.isDraft(document)) {
            html.append("<div class=\"watermark\" aria-hidden=\"true\">DRAFT</div>\n");
        }
        html.append("<main class=\"document\">\n");
        appendMasthead(html, document, title);
        appendParties(html, document);
        appendLines(html, document);
        appendNotes(html, document.notes());
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void appendMasthead(StringBuilder html, InvoiceDocument document, String title) {
        html.append("<header class=\"masthead\">\n<div>\n<div class=\"brand\">Sparks</div>\n")
                .append("<h1>").append(escape(title)).append(" <span class=\"number\">")
                .append(escape(document.number())).append("</span></h1>\n</div>\n")
                .append("<span class=\"badge badge-").append(statusClass(document.status())).append("\">")
                .append(escape(DocumentFormat.status(document.status()))).append("</span>\n</header>\n");
        String reference = DocumentFormat.reference(document);
        if (reference != null) {
            html.append("<p class=\"reference\">").append(escape(reference)).append("</p>\n");
        }
    }

    private static void appendParties(StringBuilder html, InvoiceDocument document) {
        html.append("<section class=\"parties\">\n<div>\n<h2>Billed to</h2>\n")
                .append("<p class=\"customer-name\">").append(escape(DocumentFormat.customer(document)))
                .append("</p>\n");
        if (document.customerEmail() != null && !document.customerEmail().isBlank()) {
            html.append("<p>").append(escape(document.customerEmail())).append("</p>\n");
        }
        html.append("<p class=\"muted\">Customer ID ").append(escape(document.customerId())).append("</p>\n")
                .append("</div>\n<dl class=\"facts\">\n");
        appendFact(html, "Number", document.number());
        appendFact(html, "Period", DocumentFormat.period(document.periodStart(), document.periodEnd()));
        appendFact(html, "Issued", DocumentFormat.issued(document.issuedAt()));
        appendFact(html, "Currency", document.currency());
        html.append("</dl>\n</section>\n");
    }

    private static void appendFact(StringBuilder html, String term, String value) {
        html.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private static void appendLines(StringBuilder html, InvoiceDocument document) {
        String currency = document.currency();
        html.append("<table class=\"lines\">\n<thead><tr><th scope=\"col\">Description</th>")
                .append("<th scope=\"col\" class=\"num\">Quantity</th><th scope=\"col\" class=\"num\">Sparks</th>")
                .append("<th scope=\"col\" class=\"num\">Amount</th></tr></thead>\n");
        List<Section> sections = Section.of(document.lines());
        if (sections.isEmpty()) {
            html.append("<tbody><tr class=\"empty\"><td colspan=\"4\">No charges</td></tr></tbody>\n");
        }
        for (Section section : sections) {
            html.append("<tbody class=\"section\">\n<tr class=\"section-name\"><th colspan=\"4\" scope=\"rowgroup\">")
                    .append(escape(section.name())).append("</th></tr>\n");
            for (InvoiceDocument.Line line : section.lines()) {
                html.append("<tr class=\"line\"><td>").append(escape(line.description())).append("</td>")
                        .append("<td class=\"num\">").append(escape(DocumentFormat.quantity(line.quantity(), line.unit())))
                        .append("</td><td class=\"num\">").append(escape(DocumentFormat.number(line.sparks())))
                        .append("</td>");
                appendAmountCell(html, line.amountMinor(), currency);
                html.append("</tr>\n");
            }
            html.append("<tr class=\"subtotal\"><td colspan=\"3\">")
                    .append(escape(DocumentFormat.subtotalLabel(section.name()))).append("</td>");
            appendAmountCell(html, section.subtotalMinor(), currency);
            html.append("</tr>\n</tbody>\n");
        }
        html.append("<tfoot><tr class=\"total\"><th scope=\"row\" colspan=\"2\">Total</th><td class=\"num\">");
        if (document.totalSparks() != null) {
            html.append(escape(DocumentFormat.number(document.totalSparks())));
        }
        html.append("</td>");
        appendAmountCell(html, document.totalMinor(), currency);
        html.append("</tr></tfoot>\n</table>\n");
    }

    private static void appendAmountCell(StringBuilder html, long minorUnits, String currency) {
        html.append(minorUnits < 0 ? "<td class=\"num negative\">" : "<td class=\"num\">")
                .append(escape(DocumentFormat.money(minorUnits, currency))).append("</td>");
    }

    private static void appendNotes(StringBuilder html, List<String> notes) {
        if (notes.isEmpty()) {
            return;
        }
        html.append("<section class=\"notes\">\n");
        for (String note : notes) {
            html.append("<p>").append(escape(note)).append("</p>\n");
        }
        html.append("</section>\n");
    }

    /** A status becomes a CSS class name only from its letters, so no value can break out of the attribute. */
    private static String statusClass(String status) {
        return status.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
}
