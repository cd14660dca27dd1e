package dev.sparks.invoicing.document;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Renders an invoice or credit note as an A4 PDF. Only the Standard 14 fonts are used, so nothing
 * is embedded and no font has to be installed where this runs.
 */
public final class InvoicePdf {

    private static final Color TEXT = new Color(0x1f, 0x29, 0x37);
    private static final Color MUTED = new Color(0x6b, 0x72, 0x80);
    private static final Color BRAND = new Color(0xea, 0x58, 0x0c);
    private static final float FACTS_LABEL_X = 340;

    private InvoicePdf() {
    }

    public static byte[] render(InvoiceDocument document) {
        try (PDDocument pdf = new PDDocument()) {
            PdfFont regular = new PdfFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            PdfFont bold = new PdfFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD));
            describe(pdf, document);

            PdfPages pages = new PdfPages(pdf);
            PdfTable table = new PdfTable(pages, regular, bold);
            String title = DocumentFormat.title(document.kind());
            header(pages, regular, bold, document, title);
            table.columnTitles();
            pages.continueEachPageWith(next -> {
                next.text(bold, 10, TEXT, PdfPages.LEFT, next.y() - 10,
                        title + " " + document.number() + " (continued)");
                next.down(18);
                table.columnTitles();
            });
            lines(table, document);
            notes(pages, regular, document.notes());
            pages.finish();

            PdfPageDecorations.apply(pdf, title + " " + document.number() + " \u00b7 Sparks",
                    DocumentFormat.isDraft(document), regular, bold);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            // Everything is written to memory, so this means a bug rather than a full disk.
            throw new UncheckedIOException("Could not render " + document.number() + " as PDF", e);
        }
    }

    private static void describe(PDDocument pdf, InvoiceDocument document) {
        PDDocumentInformation info = pdf.getDocumentInformation();
        info.setTitle(document.number());
        info.setSubject(DocumentFormat.title(document.kind()) + " for " + DocumentFormat.customer(document));
        info.setCreator("Sparks");
        if (document.issuedAt() != null) {
            // The issue date rather than now, so rendering the document again later says the same.
            Calendar issued = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
            issued.setTimeInMillis(document.issuedAt().toEpochMilli());
            info.setCreationDate(issued);
        }
    }

    private static void header(PdfPages pages, PdfFont regular, PdfFont bold, InvoiceDocument document, String title)
            throws IOException {
        float top = pages.y();
        pages.text(bold, 10, BRAND, PdfPages.LEFT, top - 10, "SPARKS");
        pages.text(bold, 22, TEXT, PdfPages.LEFT, top - 38, title);
        pages.text(regular, 14, MUTED, PdfPages.LEFT + bold.width(bold.encodable(title), 22) + 10, top - 38,
                document.number());
        statusBadge(pages, bold, document.status(), top - 30);

        float y = top - 62;
        String reference = DocumentFormat.reference(document);
        if (reference != null) {
            pages.fill(PdfPages.LEFT, y - 6, 3, 18, BRAND);
            pages.text(bold, 10, TEXT, PdfPages.LEFT + 10, y, reference);
            y -= 26;
        }

        float partiesTop = y;
        pages.text(bold, 8, MUTED, PdfPages.LEFT, y, "BILLED TO");
        y -= 15;
        for (String nameLine : bold.wrap(DocumentFormat.customer(document), 11, FACTS_LABEL_X - PdfPages.LEFT - 20)) {
            pages.text(bold, 11, TEXT, PdfPages.LEFT, y, nameLine);
            y -= 14;
        }
        if (document.customerEmail() != null && !document.customerEmail().isBlank()) {
            pages.text(regular, 9, TEXT, PdfPages.LEFT, y, document.customerEmail());
            y -= 13;
        }
        pages.text(regular, 9, MUTED, PdfPages.LEFT, y, "Customer ID " + document.customerId());

        float factsY = partiesTop;
        for (String[] fact : facts(document)) {
            pages.text(regular, 9, MUTED, FACTS_LABEL_X, factsY, fact[0]);
            pages.textRightAligned(regular, 9, TEXT, PdfPages.RIGHT, factsY, fact[1]);
            factsY -= 14;
        }
        pages.down(top - Math.min(y, factsY) + 16);
    }

    private static List<String[]> facts(InvoiceDocument document) {
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Number", document.number()});
        facts.add(new String[] {"Period", DocumentFormat.period(document.periodStart(), document.periodEnd())});
        facts.add(new String[] {"Issued", DocumentFormat.issued(document.issuedAt())});
        facts.add(new String[] {"Currency", document.currency()});
        return facts;
    }

    private static void statusBadge(PdfPages pages, PdfFont bold, String status, float baseline) throws IOException {
        String label = DocumentFormat.status(status);
        float size = 9;
        float width = bold.width(bold.encodable(label), size) + 16;
        pages.fill(PdfPages.RIGHT - width, baseline - 6, width, size + 10, badgeColour(status));
        pages.textRightAligned(bold, size, Color.WHITE, PdfPages.RIGHT - 8, baseline, label);
    }

    private static Color badgeColour(String status) {
        return switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "draft" -> new Color(0xd9, 0x77, 0x06);
            case "finalized", "issued" -> new Color(0x25, 0x63, 0xeb);
            case "paid" -> new Color(0x16, 0xa3, 0x4a);
            case "void", "uncollectible" -> new Color(0xdc, 0x26, 0x26);
            default -> MUTED;
        };
    }

    private static void lines(PdfTable table, InvoiceDocument document) throws IOException {
        String currency = document.currency();
        List<Section> sections = Section.of(document.lines());
        if (sections.isEmpty()) {
            table.line("No charges", "", "", "");
        }
        for (Section section : sections) {
            String[] first = cells(section.lines().getFirst(), currency);
            table.sectionTitle(section.name(), first);
            for (InvoiceDocument.Line line : section.lines()) {
                table.line(cells(line, currency));
            }
            table.subtotal(DocumentFormat.subtotalLabel(section.name()),
                    DocumentFormat.money(section.subtotalMinor(), currency));
        }
        table.total(DocumentFormat.number(document.totalSparks()),
                DocumentFormat.money(document.totalMinor(), currency));
    }

    private static String[] cells(InvoiceDocument.Line line, String currency) {
        return new String[] {
            line.description(),
            DocumentFormat.quantity(line.quantity(), line.unit()),
            DocumentFormat.number(line.sparks()),
            DocumentFormat.money(line.amountMinor(), currency)
        };
    }

    private static void notes(PdfPages pages, PdfFont regular, List<String> notes) throws IOException {
        if (notes.isEmpty()) {
            return;
        }
        float size = 9;
        float leading = 13;
        pages.down(16);
        for (String note : notes) {
            for (String line : regular.wrap(note, size, PdfPages.RIGHT - PdfPages.LEFT)) {
                pages.reserve(leading);
                pages.down(leading);
                pages.text(regular, size, MUTED, PdfPages.LEFT, pages.y(), line);
            }
            pages.down(4);
        }
    }
}
