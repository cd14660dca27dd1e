package dev.sparks.console.invoices;

import dev.sparks.console.ConsoleProperties;
import dev.sparks.console.api.ServiceClient;
import dev.sparks.console.signin.SignedInUser;
import dev.sparks.console.web.PageException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import tools.jackson.core.type.TypeReference;

/**
 * The billing history and the invoice PDFs. A PDF is fetched from invoicing-service with the user's
 * own token and streamed through, never stored: whose invoice it is, invoicing decides (another
 * customer's id answers 404 there and here alike). The id must look like an invoice id before it goes
 * into the service's path.
 */
@Controller
class InvoicesController {

    private static final Pattern INVOICE_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** invoicing-service {@code GET /v1/invoices}: one summary per invoice. */
    record Summary(String invoiceId, String invoiceNumber, String period, String status, String currency, long totalMinor,
            BigDecimal total, long creditedMinor, String finalizedAt) {}

    private final ServiceClient client;
    private final ConsoleProperties.Services services;

    InvoicesController(ServiceClient client, ConsoleProperties properties) {
        this.client = client;
        this.services = properties.services();
    }

    @GetMapping("/invoices")
    String list(SignedInUser user, Model model) {
        if (user.admin() && user.customerId() == null) {
            return "redirect:/admin";
        }
        List<Summary> invoices = client.get(services.invoicing(), "/v1/invoices", user.accessToken(),
                new TypeReference<List<Summary>>() {});
        model.addAttribute("invoices", invoices);
        return "invoices/list";
    }

    @GetMapping("/invoices/{invoiceId}/pdf")
    void pdf(SignedInUser user, @PathVariable String invoiceId, HttpServletResponse response) throws IOException {
        if (!INVOICE_ID.matcher(invoiceId).matches()) {
            throw PageException.notFound();
        }
        HttpResponse<InputStream> pdf = client.download(services.invoicing(), "/v1/invoices/" + invoiceId + "/pdf", user.accessToken());
        try (InputStream body = pdf.body()) {
            response.setContentType("application/pdf");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Disposition", pdf.headers().firstValue("Content-Disposition")
                    .orElse("attachment; filename=\"invoice.pdf\""));
            body.transferTo(response.getOutputStream());
        }
    }
}
