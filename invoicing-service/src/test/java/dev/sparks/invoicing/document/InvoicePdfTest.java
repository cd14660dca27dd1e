package dev.sparks.invoicing.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.document.InvoiceDocument.Line;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class InvoicePdfTest {

    @Test
    void saysEverythingTheInvoiceSays() throws IOException {
        InvoiceDocument invoice = SampleDocuments.finalizedInvoice();
        String text = text(InvoicePdf.render(invoice));

        assertThat(text).contains("Invoice", "SPK-000042", "FINALIZED", "Acme Robotics", "billing@acme.example",
                "cus_acme", "1 Nov 2026 \u2013 30 Nov 2026", "1 Dec 2026",
                "Usage after 1 Dec is on your next invoice.");
        // Sorted by position, each table row reads as one line of text.
        assertThat(text.lines()).anySatisfy(line -> assertThat(line).contains("Pro plan", "1 month", "$49.00"));
        assertThat(text.lines()).anySatisfy(line ->
                assertThat(line).contains("AI tokens", "1,234,567 token", "123,456.7", "$1,234.57"));
        assertThat(text.lines()).anySatisfy(line -> assertThat(line).contains("Compute minutes", "$6.00"));
        assertThat(text.lines()).anySatisfy(line -> assertThat(line).contains("Launch discount 10%", "-$5.00"));
        assertThat(text.lines()).anySatisfy(line -> assertThat(line).contains("Subscription subtotal", "$49.00"));
        assertThat(text.lines()).anySatisfy(line -> assertThat(line).contains("Usage subtotal", "$1,240.57"));
        assertThat(text.lines()).anySatisfy(line -> assertThat(line).contains("Discounts subtotal", "-$5.00"));
        assertThat(text.lines()).anySatisfy(line -> assertThat(line).contains("Total", "129,456.7", "$1,284.57"));
        assertThat(text).containsSubsequence("Subscription", "Pro plan", "Usage", "AI tokens", "Compute minutes",
                "Discounts", "Launch discount", "Total");
    }

    @Test
    void isA4WithItsNumberAsTitle() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(InvoicePdf.render(SampleDocuments.finalizedInvoice()))) {
            assertThat(pdf.getDocumentInformation().getTitle()).isEqualTo("SPK-000042");
            assertThat(pdf.getDocumentInformation().getCreator()).isEqualTo("Sparks");
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
            PDRectangle size = pdf.getPage(0).getMediaBox();
            assertThat(size.getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            assertThat(size.getHeight()).isEqualTo(PDRectangle.A4.getHeight());
        }
    }

    @Test
    void manyLinesBreakOntoFurtherPagesWithNoLineLost() throws IOException {
        List<Line> lines = SampleDocuments.manyLines(120);
        InvoiceDocument invoice = SampleDocuments.invoice("finalized", lines);
        byte[] bytes = InvoicePdf.render(invoice);

        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
        }
        String text = text(bytes);
        for (Line line : lines) {
            String amount = DocumentFormat.money(line.amountMinor(), "USD");
            assertThat(text.lines()).as(line.description())
                    .anySatisfy(row -> assertThat(row).contains(line.description(), amount));
        }
        assertThat(text).contains("Add-ons subtotal", "Usage subtotal", "(continued)", "Page 1 of ", "Page 2 of ")
                .contains(DocumentFormat.money(invoice.totalMinor(), "USD"));
    }

    @Test
    void charactersTheFontsCannotShowBecomeQuestionMarks() throws IOException {
        List<Line> lines = List.of(new Line("Usage", "Rocket \uD83D\uDE80 launch \u6771\u4eac \u2212 tab\there",
                null, null, null, 100));
        byte[] bytes = InvoicePdf.render(SampleDocuments.withCustomerName("\u5c71\u7530 Caf\u00e9 \uD83D\uDE00", lines));

        assertThat(text(bytes)).contains("Rocket ? launch ?? ? tab here", "?? Caf\u00e9 ?", "$1.00");
    }

    @Test
    void creditNoteShowsWhichInvoiceItCorrects() throws IOException {
        String text = text(InvoicePdf.render(SampleDocuments.creditNote()));

        assertThat(text).contains("Credit note", "CN-000003", "ISSUED", "Corrects invoice SPK-000042",
                "Refund for duplicate usage", "-$12.50");
    }

    @Test
    void draftIsMarkedAsSuchAndStillReadsCleanly() throws IOException {
        String text = text(InvoicePdf.render(SampleDocuments.invoice("draft", SampleDocuments.november())));

        assertThat(text).contains("DRAFT", "Not yet issued");
        assertThat(text.lines()).anySatisfy(line -> assertThat(line).contains("Pro plan", "1 month", "$49.00"));
    }

    @Test
    void aDescriptionLongerThanAPageContinuesOnTheNext() throws IOException {
        String longDescription = "word ".repeat(4_000).strip();
        List<Line> lines = List.of(new Line("Usage", longDescription, null, null, null, 4_200));
        byte[] bytes = InvoicePdf.render(SampleDocuments.invoice("finalized", lines));

        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
        }
        String text = text(bytes);
        assertThat(text.split("word", -1).length - 1).isEqualTo(4_000);
        assertThat(text).contains("$42.00", "Usage subtotal");
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(document);
        }
    }
}
