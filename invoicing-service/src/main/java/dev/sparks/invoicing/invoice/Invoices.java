package dev.sparks.invoicing.invoice;

import static dev.sparks.invoicing.persistence.jooq.Tables.CREDIT_NOTE;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE_LINE;
import static dev.sparks.invoicing.persistence.jooq.Tables.PAYMENT_EVENT;

import dev.sparks.invoicing.persistence.jooq.tables.records.InvoiceRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads invoices back: the billing history, one invoice with its lines, and its credit notes. */
@Service
public class Invoices {

    private final DSLContext db;

    Invoices(DSLContext db) {
        this.db = db;
    }

    /** {@code refundedMinor}: what the payment events say was refunded of it (credit notes refund a paid invoice). */
    public record Summary(String invoiceId, String invoiceNumber, String customerId, String period, Instant periodStart,
            Instant periodEnd, String status, String currency, long totalMinor, long creditedMinor, long refundedMinor,
            Instant finalizedAt) {}

    public record CreditNote(String creditNoteId, String number, String invoiceId, String reason, long amountMinor,
            Instant issuedAt) {}

    public record Invoice(Summary summary, BigDecimal usageSparks, List<Line> lines, List<CreditNote> creditNotes) {}

    @Transactional(readOnly = true)
    public List<Summary> ofCustomer(String customerId) {
        return db.selectFrom(INVOICE)
                .where(INVOICE.CUSTOMER_ID.eq(customerId))
                .orderBy(INVOICE.PERIOD_START.desc())
                .fetch(this::summary);
    }

    @Transactional(readOnly = true)
    public List<Summary> finalizedBetween(Instant from, Instant to) {
        return db.selectFrom(INVOICE)
                .where(INVOICE.FINALIZED_AT.ge(from.atOffset(java.time.ZoneOffset.UTC)),
                        INVOICE.FINALIZED_AT.lt(to.atOffset(java.time.ZoneOffset.UTC)))
                .fetch(this::summary);
    }

    /** The numbers of the invoices for periods that ended in {@code (after, endedBy]}, in order. */
    @Transactional(readOnly = true)
    public List<String> numbersOfPeriodsEnded(Instant after, Instant endedBy) {
        return db.select(INVOICE.INVOICE_NUMBER).from(INVOICE)
                .where(INVOICE.PERIOD_END.gt(after.atOffset(java.time.ZoneOffset.UTC)),
                        INVOICE.PERIOD_END.le(endedBy.atOffset(java.time.ZoneOffset.UTC)))
                .orderBy(INVOICE.INVOICE_NUMBER)
                .fetch(INVOICE.INVOICE_NUMBER);
    }

    @Transactional(readOnly = true)
    public Optional<Invoice> find(UUID invoiceId) {
        return db.selectFrom(INVOICE).where(INVOICE.INVOICE_ID.eq(invoiceId)).fetchOptional(invoice -> new Invoice(
                summary(invoice), invoice.getTotalSparks(),
                db.selectFrom(INVOICE_LINE)
                        .where(INVOICE_LINE.INVOICE_ID.eq(invoiceId))
                        .orderBy(INVOICE_LINE.LINE_NO)
                        .fetch(line -> new Line(line.getSection(), line.getDescription(), line.getMetric(),
                                line.getQuantity(), line.getUnit(), line.getSparks(), line.getAmountMinor())),
                creditNotes(invoiceId)));
    }

    @Transactional(readOnly = true)
    public Optional<Invoice> findByNumber(String number) {
        return db.select(INVOICE.INVOICE_ID).from(INVOICE).where(INVOICE.INVOICE_NUMBER.eq(number))
                .fetchOptional(INVOICE.INVOICE_ID)
                .flatMap(this::find);
    }

    private List<CreditNote> creditNotes(UUID invoiceId) {
        return db.selectFrom(CREDIT_NOTE)
                .where(CREDIT_NOTE.INVOICE_ID.eq(invoiceId))
                .orderBy(CREDIT_NOTE.ISSUED_AT)
                .fetch(note -> new CreditNote(note.getCreditNoteId().toString(), note.getNumber(),
                        invoiceId.toString(), note.getReason(), note.getAmountMinor(), note.getIssuedAt().toInstant()));
    }

    private Summary summary(InvoiceRecord invoice) {
        long credited = creditNotes(invoice.getInvoiceId()).stream().mapToLong(CreditNote::amountMinor).sum();
        long refunded = db.select(DSL.coalesce(DSL.sum(PAYMENT_EVENT.REFUNDED_MINOR), DSL.inline(BigDecimal.ZERO)))
                .from(PAYMENT_EVENT)
                .where(PAYMENT_EVENT.INVOICE_ID.eq(invoice.getInvoiceId().toString()), PAYMENT_EVENT.TYPE.eq("refunded"))
                .fetchSingle().value1().longValue();
        return new Summary(invoice.getInvoiceId().toString(), invoice.getInvoiceNumber(), invoice.getCustomerId(),
                invoice.getPeriod(), invoice.getPeriodStart().toInstant(), invoice.getPeriodEnd().toInstant(),
                invoice.getStatus(), invoice.getCurrency().trim(), invoice.getTotalMinor(), credited, refunded,
                invoice.getFinalizedAt() == null ? null : invoice.getFinalizedAt().toInstant());
    }
}
