package dev.sparks.invoicing.document;

import java.awt.Color;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.util.Matrix;

/**
 * What goes on every page once the page count is known: a footer naming the document and
 * "Page n of m", and for drafts a DRAFT watermark painted underneath the content.
 */
final class PdfPageDecorations {

    private static final float FOOTER_SIZE = 8;
    private static final float WATERMARK_SIZE = 110;
    private static final Color MUTED = new Color(0x9c, 0xa3, 0xaf);
    private static final Color WATERMARK = new Color(0xfc, 0xe4, 0xe4);

    private PdfPageDecorations() {
    }

    static void apply(PDDocument document, String documentName, boolean draft, PdfFont regular, PdfFont bold)
            throws IOException {
        int pageCount = document.getNumberOfPages();
        for (int i = 0; i < pageCount; i++) {
            PDPage page = document.getPage(i);
            if (draft) {
                // Prepended, so the content is painted over it and stays fully legible.
                try (PDPageContentStream under = new PDPageContentStream(document, page, AppendMode.PREPEND, true, true)) {
                    watermark(under, bold);
                }
            }
            try (PDPageContentStream over = new PDPageContentStream(document, page, AppendMode.APPEND, true, true)) {
                footer(over, regular, documentName, "Page " + (i + 1) + " of " + pageCount);
            }
        }
    }

    private static void watermark(PDPageContentStream content, PdfFont bold) throws IOException {
        String text = "DRAFT";
        float width = bold.width(text, WATERMARK_SIZE);
        float centreX = PdfPages.SIZE.getWidth() / 2;
        float centreY = PdfPages.SIZE.getHeight() / 2;
        double angle = Math.toRadians(35);
        // Start so that the rotated word's middle lands on the page's centre.
        float x = centreX - (float) (Math.cos(angle) * width / 2 - Math.sin(angle) * WATERMARK_SIZE / 3);
        float y = centreY - (float) (Math.sin(angle) * width / 2 + Math.cos(angle) * WATERMARK_SIZE / 3);
        content.beginText();
        content.setFont(bold.pdFont(), WATERMARK_SIZE);
        content.setNonStrokingColor(WATERMARK);
        content.setTextMatrix(Matrix.getRotateInstance(angle, x, y));
        content.showText(text);
        content.endText();
    }

    private static void footer(PDPageContentStream content, PdfFont regular, String left, String right)
            throws IOException {
        float baseline = PdfPages.BOTTOM - 30;
        content.beginText();
        content.setFont(regular.pdFont(), FOOTER_SIZE);
        content.setNonStrokingColor(MUTED);
        content.newLineAtOffset(PdfPages.LEFT, baseline);
        content.showText(regular.encodable(left));
        content.endText();
        String encodableRight = regular.encodable(right);
        content.beginText();
        content.setFont(regular.pdFont(), FOOTER_SIZE);
        content.setNonStrokingColor(MUTED);
        content.newLineAtOffset(PdfPages.RIGHT - regular.width(encodableRight, FOOTER_SIZE), baseline);
        content.showText(encodableRight);
        content.endText();
    }
}
