package dev.sparks.invoicing.document;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The line table of a PDF document: four columns, text cells wrapped within their column. */
final class PdfTable {

    private record Column(String title, float left, float right, boolean rightAligned) {
        float width() {
            return right - left;
        }
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("Description", PdfPages.LEFT, 270, false),
            new Column("Quantity", 280, 375, true),
            new Column("Sparks", 385, 455, true),
            new Column("Amount", 465, PdfPages.RIGHT, true));

    static final float BODY_SIZE = 9;
    private static final float TOTAL_SIZE = 11;
    private static final float PADDING = 4;
    private static final float LEADING_FACTOR = 1.3f;
    private static final Color TEXT = new Color(0x1f, 0x29, 0x37);
    private static final Color MUTED = new Color(0x6b, 0x72, 0x80);
    private static final Color HAIRLINE = new Color(0xe5, 0xe7, 0xeb);

    private final PdfPages pages;
    private final PdfFont regular;
    private final PdfFont bold;

    PdfTable(PdfPages pages, PdfFont regular, PdfFont bold) {
        this.pages = pages;
        this.regular = regular;
        this.bold = bold;
    }

    void columnTitles() throws IOException {
        float size = 8;
        pages.down(size + PADDING);
        for (Column column : COLUMNS) {
            String title = column.title().toUpperCase(Locale.ROOT);
            if (column.rightAligned()) {
                pages.textRightAligned(bold, size, MUTED, column.right(), pages.y(), title);
            } else {
                pages.text(bold, size, MUTED, column.left(), pages.y(), title);
            }
        }
        pages.down(PADDING);
        pages.rule(PdfPages.LEFT, PdfPages.RIGHT, pages.y(), 1.2f, HAIRLINE);
    }

    /** A section's name, kept on the same page as the section's first line. */
    void sectionTitle(String name, String... firstLine) throws IOException {
        float titleHeight = 10 + 2 * PADDING + 6;
        pages.reserve(titleHeight + height(wrap(regular, BODY_SIZE, firstLine), BODY_SIZE));
        pages.down(6);
        drawRow(bold, 10, TEXT, wrap(bold, 10, name, "", "", ""));
        pages.rule(PdfPages.LEFT, PdfPages.RIGHT, pages.y(), 0.6f, HAIRLINE);
    }

    void line(String... cells) throws IOException {
        List<List<String>> wrapped = wrap(regular, BODY_SIZE, cells);
        pages.reserve(height(wrapped, BODY_SIZE));
        drawRow(regular, BODY_SIZE, TEXT, wrapped);
        pages.rule(PdfPages.LEFT, PdfPages.RIGHT, pages.y(), 0.3f, HAIRLINE);
    }

    void subtotal(String label, String amount) throws IOException {
        List<List<String>> wrapped = wrap(bold, BODY_SIZE, label, "", "", amount);
        pages.reserve(height(wrapped, BODY_SIZE));
        drawRow(bold, BODY_SIZE, TEXT, wrapped);
    }

    void total(String sparks, String amount) throws IOException {
        List<List<String>> wrapped = wrap(bold, TOTAL_SIZE, "Total", "", sparks, amount);
        pages.reserve(height(wrapped, TOTAL_SIZE) + 8);
        pages.down(8);
        pages.rule(PdfPages.LEFT, PdfPages.RIGHT, pages.y(), 1.5f, TEXT);
        drawRow(bold, TOTAL_SIZE, TEXT, wrapped);
    }

    /**
     * Draws a row a text line at a time, so a row taller than a page (a very long description)
     * continues on the next page instead of running off this one.
     */
    private void drawRow(PdfFont font, float size, Color color, List<List<String>> cells) throws IOException {
        float leading = size * LEADING_FACTOR;
        int textLines = cells.stream().mapToInt(List::size).max().orElse(1);
        pages.down(PADDING);
        for (int i = 0; i < textLines; i++) {
            pages.reserve(leading);
            pages.down(leading);
            float baseline = pages.y() + (leading - size);
            for (int c = 0; c < COLUMNS.size(); c++) {
                List<String> cell = cells.get(c);
                if (i >= cell.size() || cell.get(i).isEmpty()) {
                    continue;
                }
                Column column = COLUMNS.get(c);
                if (column.rightAligned()) {
                    pages.textRightAligned(font, size, color, column.right(), baseline, cell.get(i));
                } else {
                    pages.text(font, size, color, column.left(), baseline, cell.get(i));
                }
            }
        }
        pages.down(PADDING);
    }

    /** Amounts are never wrapped: a figure split over two lines could be misread. */
    private List<List<String>> wrap(PdfFont font, float size, String... cells) throws IOException {
        List<List<String>> wrapped = new ArrayList<>(COLUMNS.size());
        for (int c = 0; c < COLUMNS.size(); c++) {
            String text = c < cells.length ? cells[c] : "";
            boolean isAmount = c == COLUMNS.size() - 1;
            wrapped.add(isAmount ? List.of(font.encodable(text)) : font.wrap(text, size, COLUMNS.get(c).width()));
        }
        return wrapped;
    }

    /** A row's height, capped at a page's so that reserving it can never ask for the impossible. */
    private static float height(List<List<String>> cells, float size) {
        int textLines = cells.stream().mapToInt(List::size).max().orElse(1);
        float height = 2 * PADDING + textLines * size * LEADING_FACTOR;
        return Math.min(height, (PdfPages.TOP - PdfPages.BOTTOM) / 2);
    }
}
