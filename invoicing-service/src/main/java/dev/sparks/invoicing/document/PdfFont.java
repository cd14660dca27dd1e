package dev.sparks.invoicing.document;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * A PDF font that never refuses text. The Standard 14 fonts only encode WinAnsi, and PDFBox throws
 * on anything else (emoji, CJK, U+2212), so a customer name could otherwise stop an invoice from
 * rendering at all: unencodable characters become '?', control characters a space.
 */
final class PdfFont {

    private final PDFont font;
    private final Map<Integer, Boolean> encodable = new HashMap<>();

    PdfFont(PDFont font) {
        this.font = font;
    }

    PDFont pdFont() {
        return font;
    }

    /** The text with every character this font cannot show replaced; null is the empty string. */
    String encodable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (Character.isISOControl(codePoint)) {
                out.append(' ');
            } else if (canEncode(codePoint)) {
                out.appendCodePoint(codePoint);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** Width in points of text already made {@link #encodable}. */
    float width(String encodableText, float size) throws IOException {
        return font.getStringWidth(encodableText) / 1000f * size;
    }

    /**
     * Breaks text into lines no wider than {@code maxWidth}: at spaces where it can, inside a word
     * only when the word alone is too wide. Line breaks in the text are kept. Never empty.
     */
    List<String> wrap(String text, float size, float maxWidth) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : (text == null ? "" : text).split("\\R", -1)) {
            wrapParagraph(encodable(paragraph).strip(), size, maxWidth, lines);
        }
        return lines;
    }

    private void wrapParagraph(String paragraph, float size, float maxWidth, List<String> lines) throws IOException {
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.split(" +")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(candidate, size) <= maxWidth) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (width(rest, size) > maxWidth) {
                int fits = longestPrefixThatFits(rest, size, maxWidth);
                lines.add(rest.substring(0, fits));
                rest = rest.substring(fits);
            }
            line.append(rest);
        }
        lines.add(line.toString());
    }

    /** At least one character, so a column narrower than a glyph still makes progress. */
    private int longestPrefixThatFits(String word, float size, float maxWidth) throws IOException {
        int end = Character.charCount(word.codePointAt(0));
        while (end < word.length()) {
            int next = end + Character.charCount(word.codePointAt(end));
            if (width(word.substring(0, next), size) > maxWidth) {
                break;
            }
            end = next;
        }
        return end;
    }

    private boolean canEncode(int codePoint) {
        return encodable.computeIfAbsent(codePoint, this::tryEncode);
    }

    private boolean tryEncode(int codePoint) {
        try {
            font.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IllegalArgumentException | IOException unencodable) {
            return false;
        }
    }
}
