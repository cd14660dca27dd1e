package dev.sparks.invoicing.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.document.InvoiceDocument.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceHtmlTest {

    @Test
    void escapesEveryTextValue() {
        List<Line> lines = List.of(new Line("Usage <b>", "<script>alert('x')</script> & more", null, null, null, 100));
        String html = InvoiceHtml.render(SampleDocuments.withCustomerName("Tom & Jerry <Ltd>", lines));

        assertThat(html)
                .doesNotContain("<script>", "<b>", "Tom & Jerry", "<Ltd>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
                .contains("Tom &amp; Jerry &lt;Ltd&gt;")
                .contains("Usage &lt;b&gt;");
    }

    @Test
    void isOneSelfContainedPage() {
        String html = InvoiceHtml.render(SampleDocuments.finalizedInvoice());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").endsWith("</html>\n");
        assertThat(html).doesNotContain("<link", "<script", "src=", "url(", "@import");
    }

    @Test
    void groupsLinesBySectionInOrderOfFirstAppearance() {
        List<Line> lines = List.of(
                new Line("Usage", "AI tokens", null, null, null, 1_000),
                new Line("Subscription", "Pro plan", null, null, null, 4_900),
                new Line("Usage", "Compute minutes", null, null, null, 600),
                new Line("Discounts", "Launch discount", null, null, null, -500));
        String html = InvoiceHtml.render(SampleDocuments.invoice("finalized", lines));

        assertThat(html).containsSubsequence(
                ">Usage</th>", "AI tokens", "Compute minutes", "Usage subtotal", "$16.00",
                ">Subscription</th>", "Pro plan", "Subscription subtotal", "$49.00",
                ">Discounts</th>", "Launch discount", "Discounts subtotal", "-$5.00",
                "Total", "$60.00");
        assertThat(html.split("class=\"section-name\"", -1)).hasSize(4);
    }

    @Test
    void showsFormattedFiguresSubtotalsAndTheTotal() {
        String html = InvoiceHtml.render(SampleDocuments.finalizedInvoice());

        assertThat(html)
                .contains("Invoice", "SPK-000042", "Acme Robotics", "billing@acme.example", "cus_acme")
                .contains("1 Nov 2026 \u2013 30 Nov 2026", "1 Dec 2026")
                .contains("1,234,567 token", "123,456.7", "$1,234.57")
                .contains("-$5.00", "Usage after 1 Dec is on your next invoice.")
                .containsSubsequence("Usage subtotal", "$1,240.57")
                .containsSubsequence("<tfoot>", "129,456.7", "$1,284.57", "</tfoot>")
                .contains(">FINALIZED<")
                .doesNotContain("watermark\"");
    }

    @Test
    void creditNoteShowsWhichInvoiceItCorrects() {
        String html = InvoiceHtml.render(SampleDocuments.creditNote());

        assertThat(html).contains("Credit note", "CN-000003", "Corrects invoice SPK-000042", "-$12.50", ">ISSUED<");
        assertThat(InvoiceHtml.render(SampleDocuments.finalizedInvoice())).doesNotContain("Corrects invoice");
    }

    @Test
    void draftCarriesADraftWatermarkAndNoIssueDate() {
        String html = InvoiceHtml.render(SampleDocuments.invoice("draft", SampleDocuments.november()));

        assertThat(html).contains("<div class=\"watermark\" aria-hidden=\"true\">DRAFT</div>", ">DRAFT<",
                "Not yet issued");
    }

    @Test
    void anInvoiceWithoutLinesSaysSo() {
        String html = InvoiceHtml.render(SampleDocuments.invoice("finalized", List.of()));

        assertThat(html).contains("No charges").containsSubsequence("Total", "$0.00");
    }
}
