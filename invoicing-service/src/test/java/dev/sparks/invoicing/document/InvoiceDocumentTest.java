package dev.sparks.invoicing.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparks.invoicing.document.InvoiceDocument.Kind;
import dev.sparks.invoicing.document.InvoiceDocument.Line;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceDocumentTest {

    @Test
    void rejectsATotalThatIsNotTheSumOfItsLines() {
        List<Line> lines = SampleDocuments.november();
        long sum = InvoiceDocument.sumOf(lines);

        assertThatThrownBy(() -> document(lines, sum + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(sum));
        assertThatThrownBy(() -> document(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsATotalThatIsTheSumIncludingNegativeLines() {
        List<Line> lines = SampleDocuments.november();

        assertThat(InvoiceDocument.sumOf(lines)).isEqualTo(4_900 + 123_457 + 600 - 500);
        assertThat(document(lines, 128_457).totalMinor()).isEqualTo(128_457);
        assertThat(document(List.of(), 0).lines()).isEmpty();
    }

    @Test
    void keepsItsOwnCopyOfTheLinesAndTreatsMissingNotesAsNone() {
        List<Line> lines = new ArrayList<>(SampleDocuments.november());
        InvoiceDocument document = document(lines, InvoiceDocument.sumOf(lines));

        lines.clear();

        assertThat(document.lines()).hasSize(4);
        assertThat(document.notes()).isEmpty();
    }

    @Test
    void rejectsAPeriodThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> new InvoiceDocument(Kind.INVOICE, "SPK-1", "draft", "c", null, null,
                SampleDocuments.DECEMBER, SampleDocuments.NOVEMBER, null, "USD", List.of(), 0, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InvoiceDocument document(List<Line> lines, long total) {
        return new InvoiceDocument(Kind.INVOICE, "SPK-000001", "draft", "cus_1", null, null,
                SampleDocuments.NOVEMBER, SampleDocuments.DECEMBER, null, "USD", lines, total, null, null, null);
    }
}
