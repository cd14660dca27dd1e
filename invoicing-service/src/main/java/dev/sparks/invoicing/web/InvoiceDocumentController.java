package dev.sparks.invoicing.web;

import dev.sparks.invoicing.document.InvoiceDocuments;
import dev.sparks.invoicing.document.InvoiceHtml;
import dev.sparks.invoicing.document.InvoicePdf;
import dev.sparks.invoicing.invoice.Invoices;
import dev.sparks.platform.web.Caller;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An invoice or credit note as a page to read and as a PDF to download, for its customer (and admins). */
@RestController
class InvoiceDocumentController {

    private final InvoiceController invoices;
    private final InvoiceDocuments documents;

    InvoiceDocumentController(InvoiceController invoices, InvoiceDocuments documents) {
        this.invoices = invoices;
        this.documents = documents;
    }

    @GetMapping(value = "/v1/invoices/{invoiceId}/html", produces = MediaType.TEXT_HTML_VALUE)
    String html(Caller caller, @PathVariable String invoiceId) {
        return InvoiceHtml.render(documents.invoice(invoices.readable(caller, invoiceId)));
    }

    @GetMapping("/v1/invoices/{invoiceId}/pdf")
    ResponseEntity<byte[]> pdf(Caller caller, @PathVariable String invoiceId) {
        Invoices.Invoice invoice = invoices.readable(caller, invoiceId);
        return pdf(invoice.summary().invoiceNumber(), InvoicePdf.render(documents.invoice(invoice)));
    }

    @GetMapping("/v1/invoices/{invoiceId}/credit-notes/{number}/pdf")
    ResponseEntity<byte[]> creditNotePdf(Caller caller, @PathVariable String invoiceId, @PathVariable String number) {
        Invoices.Invoice invoice = invoices.readable(caller, invoiceId);
        Invoices.CreditNote note = invoice.creditNotes().stream().filter(each -> each.number().equals(number)).findFirst()
                .orElseThrow(() -> new NotFoundException("No credit note " + number + " on this invoice"));
        return pdf(number, InvoicePdf.render(documents.creditNote(invoice, note)));
    }

    private static ResponseEntity<byte[]> pdf(String number, byte[] body) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(number + ".pdf").build().toString())
                .body(body);
    }
}
