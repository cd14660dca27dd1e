package dev.sparks.invoicing.invoice;

import static dev.sparks.invoicing.persistence.jooq.Tables.CREDIT_NOTE;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE;

import dev.sparks.invoicing.InvalidFieldException;
import dev.sparks.invoicing.InvoicingProperties;
import dev.sparks.invoicing.persistence.jooq.tables.records.InvoiceRecord;
import dev.sparks.schemas.invoice.InvoiceEventType;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What may happen to a finalized invoice: it is paid, voided or found uncollectible, and a
 * mistake on it is corrected by a credit note, never by editing it. Each change locks the invoice
 * row and is announced in the same transaction.
 */
@Service
public class InvoiceLifecycle {

    private final DSLContext db;
    private final InvoiceEvents events;
    private final InvoiceNumbers numbers;
    private final Clock clock;
    private final String creditNoteSeries;

    InvoiceLifecycle(DSLContext db, InvoiceEvents events, Clock clock, InvoicingProperties properties) {
        this.db = db;
        this.events = events;
        this.numbers = new InvoiceNumbers(db);
        this.clock = clock;
        this.creditNoteSeries = properties.creditNoteSeries();
    }

    /** A payment succeeded: paid, once; a payment for an invoice already paid or void changes nothing. */
    @Transactional
    public boolean paid(UUID invoiceId) {
        InvoiceRecord invoice = lock(invoiceId);
        if (!InvoiceStatus.canMove(invoice.getStatus(), InvoiceStatus.PAID)) {
            return false;
        }
        move(invoice, InvoiceStatus.PAID, null, InvoiceEventType.PAID);
        return true;
    }

    @Transactional
    public void voidInvoice(UUID invoiceId, String reason) {
        moveOrRefuse(lock(invoiceId), InvoiceStatus.VOID, reason, InvoiceEventType.VOIDED);
    }

    @Transactional
    public void markUncollectible(UUID invoiceId, String reason) {
        moveOrRefuse(lock(invoiceId), InvoiceStatus.UNCOLLECTIBLE, reason, InvoiceEventType.UNCOLLECTIBLE);
    }

    /** Credits part or all of an invoice; all credit notes of an invoice together never exceed its total. */
    @Transactional
    public Invoices.CreditNote issueCreditNote(UUID invoiceId, long amountMinor, String reason) {
        InvoiceRecord invoice = lock(invoiceId);
        if (invoice.getStatus().equals(InvoiceStatus.VOID)) {
            throw new InvoiceChangeRefusedException("Invoice " + invoice.getInvoiceNumber() + " is void; nothing to credit");
        }
        long credited = db.select(DSL.coalesce(DSL.sum(CREDIT_NOTE.AMOUNT_MINOR), java.math.BigDecimal.ZERO))
                .from(CREDIT_NOTE).where(CREDIT_NOTE.INVOICE_ID.eq(invoiceId)).fetchSingle().value1().longValue();
        long creditable = invoice.getTotalMinor() - credited;
        if (amountMinor <= 0 || amountMinor > creditable) {
            throw new InvalidFieldException("amount_minor", "A credit note of invoice " + invoice.getInvoiceNumber()
                    + " must be between 1 and " + creditable + " (its total less earlier credit notes)");
        }
        UUID creditNoteId = UUID.randomUUID();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        String number = numbers.next(creditNoteSeries);
        db.insertInto(CREDIT_NOTE)
                .set(CREDIT_NOTE.CREDIT_NOTE_ID, creditNoteId)
                .set(CREDIT_NOTE.NUMBER, number)
                .set(CREDIT_NOTE.INVOICE_ID, invoiceId)
                .set(CREDIT_NOTE.CUSTOMER_ID, invoice.getCustomerId())
                .set(CREDIT_NOTE.REASON, reason)
                .set(CREDIT_NOTE.AMOUNT_MINOR, amountMinor)
                .set(CREDIT_NOTE.ISSUED_AT, now)
                .execute();
        Invoices.CreditNote note = new Invoices.CreditNote(creditNoteId.toString(), number, invoiceId.toString(), reason,
                amountMinor, now.toInstant());
        events.creditNoteIssued(invoiceId, note);
        return note;
    }

    private void moveOrRefuse(InvoiceRecord invoice, String to, String reason, InvoiceEventType type) {
        if (!InvoiceStatus.canMove(invoice.getStatus(), to)) {
            throw new InvoiceChangeRefusedException("Invoice " + invoice.getInvoiceNumber() + " is " + invoice.getStatus()
                    + "; it cannot become " + to);
        }
        move(invoice, to, reason, type);
    }

    private void move(InvoiceRecord invoice, String to, String reason, InvoiceEventType type) {
        invoice.setStatus(to);
        invoice.setStatusReason(reason);
        invoice.setStatusChangedAt(clock.instant().atOffset(ZoneOffset.UTC));
        db.executeUpdate(invoice);
        events.statusChanged(invoice.getInvoiceId(), type, reason);
    }

    private InvoiceRecord lock(UUID invoiceId) {
        return db.selectFrom(INVOICE).where(INVOICE.INVOICE_ID.eq(invoiceId)).forUpdate().fetchOptional()
                .orElseThrow(() -> new NoSuchInvoiceException(invoiceId.toString()));
    }

    public static class NoSuchInvoiceException extends RuntimeException {
        public NoSuchInvoiceException(String invoice) {
            super("No invoice " + invoice);
        }
    }

    public static class InvoiceChangeRefusedException extends RuntimeException {
        InvoiceChangeRefusedException(String message) {
            super(message);
        }
    }
}
