package dev.sparks.invoicing.document;

import java.awt.Color;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * A4 pages written top to bottom. Callers {@link #reserve} the height of what they draw next; when
 * it would run into the bottom margin a new page starts, and the continuation header (the table's
 * column titles, say) is drawn on it first.
 */
final class PdfPages {

    /** Draws what each page after the first begins with. */
    interface PageStart {
        void draw(PdfPages pages) throws IOException;
    }

    static final PDRectangle SIZE = PDRectangle.A4;
    static final float LEFT = 50;
    static final float RIGHT = SIZE.getWidth() - 50;
    static final float TOP = SIZE.getHeight() - 50;
    /** Leaves room under the content for the page footer. */
    static final float BOTTOM = 64;

    private final PDDocument document;
    private PDPageContentStream content;
    private PageStart continuation = pages -> { };
    private float y;

    PdfPages(PDDocument document) throws IOException {
        this.document = document;
        startPage();
    }

    void continueEachPageWith(PageStart continuation) {
        this.continuation = continuation;
    }

    /** Makes sure {@code height} points fit above the bottom margin, starting a new page if not. */
    void reserve(float height) throws IOException {
        if (y - height < BOTTOM && y < TOP) {
            startPage();
            continuation.draw(this);
        }
    }

    float y() {
        return y;
    }

    void down(float points) {
        y -= points;
    }

    void text(PdfFont font, float size, Color color, float x, float baseline, String text) throws IOException {
        content.beginText();
        content.setFont(font.pdFont(), size);
        content.setNonStrokingColor(color);
        content.newLineAtOffset(x, baseline);
        content.showText(font.encodable(text));
        content.endText();
    }

    void textRightAligned(PdfFont font, float size, Color color, float right, float baseline, String text)
            throws IOException {
        float width = font.width(font.encodable(text), size);
        text(font, size, color, right - width, baseline, text);
    }

    void rule(float from, float to, float atY, float thickness, Color color) throws IOException {
        content.setStrokingColor(color);
        content.setLineWidth(thickness);
        content.moveTo(from, atY);
        content.lineTo(to, atY);
        content.stroke();
    }

    void fill(float x, float bottom, float width, float height, Color color) throws IOException {
        content.setNonStrokingColor(color);
        content.addRect(x, bottom, width, height);
        content.fill();
    }

    /** Closes the last page's content; no drawing after this. */
    void finish() throws IOException {
        content.close();
    }

    private void startPage() throws IOException {
        if (content != null) {
            content.close();
        }
        PDPage page = new PDPage(SIZE);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        y = TOP;
    }
}
