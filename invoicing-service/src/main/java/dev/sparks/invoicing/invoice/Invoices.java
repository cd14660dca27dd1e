package dev.sparks.invoicing.invoice;

import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE_LINE;

import java.math.BigDecimal;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads invoices back, lines included. */
@Service
public class Invoices {

    private final DSLContext db;

    Invoices(DSLContext db) {
        this.db = db;
    }

    public record Line(int lineNo, String description, String category, BigDecimal quantity, BigDecimal sparks,
            long amountMinor) {}

    public record Invoice(String invoiceId, String invoiceNumber, String customerId, String period, String status,
            String currency, BigDecimal totalSparks, long totalMinor, List<Line> lines) {}

    @Transactional(readOnly = true)
    public List<Invoice> ofCustomer(String customerId) {
        return db.selectFrom(INVOICE)
                .where(INVOICE.CUSTOMER_ID.eq(customerId))
                .orderBy(INVOICE.PERIOD.desc())
                .fetch(invoice -> new Invoice(invoice.getInvoiceId().toString(), invoice.getInvoiceNumber(),
                        invoice.getCustomerId(), invoice.getPeriod(), invoice.getStatus(), invoice.getCurrency(),
                        invoice.getTotalSparks(), invoice.getTotalMinor(),
                        db.selectFrom(INVOICE_LINE)
                                .where(INVOICE_LINE.INVOICE_ID.eq(invoice.getInvoiceId()))
                                .orderBy(INVOICE_LINE.LINE_NO)
                                .fetch(line -> new Line(line.getLineNo(), line.getDescription(), line.getCategory(),
                                        line.getQuantity(), line.getSparks(), line.getAmountMinor()))));
    }
}
