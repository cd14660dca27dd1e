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

    /**
     * A payment succeeded: paid, once, if money was owed (finalized or uncollectible); a payment for
     * an invoice already paid, disputed or void changes nothing.
     */
    @Transactional
    public boolean paid(UUID invoiceId) {
        InvoiceRecord invoice = lock(invoiceId);
        String status = invoice.getStatus();
        if (status.equals(InvoiceStatus.DISPUTED) || !InvoiceStatus.canMove(status, InvoiceStatus.PAID)) {
            return false;
        }
        move(invoice, InvoiceStatus.PAID, null, InvoiceEventType.PAID);
        return true;
    }

    /** The invoice's status, locking its row for the rest of the transaction; empty for an unknown invoice. */
    @Transactional
    public java.util.Optional<String> lockStatus(UUID invoiceId) {
        return db.selectFrom(INVOICE).where(INVOICE.INVOICE_ID.eq(invoiceId)).forUpdate().fetchOptional()
                .map(InvoiceRecord::getStatus);
    }

    /**
     * Moves the invoice along a payment's outcome when its status allows it, and announces it;
     * false (and no change) when it does not: payment outcomes are facts, never refused. The
     * announcement's id derives from {@code paymentEventId}, since a status can be reached more than
     * once (a second dispute of the same invoice).
     */
    @Transactional
    public boolean paymentMoved(UUID invoiceId, String to, InvoiceEventType type, String reason, String paymentEventId) {
        InvoiceRecord invoice = lock(invoiceId);
        if (!InvoiceStatus.canMove(invoice.getStatus(), to)) {
            return false;
        }
        store(invoice, to, reason);
        events.statusChanged(invoiceId, type, reason, type.name() + "|" + paymentEventId);
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
        // Money already collected goes back through the gateway; on an unpaid invoice the note only lowers what is owed.
        events.creditNoteIssued(invoiceId, note, invoice.getStatus().equals(InvoiceStatus.PAID) ? amountMinor : 0);
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
        store(invoice, to, reason);
        events.statusChanged(invoice.getInvoiceId(), type, reason);
    }

    private void store(InvoiceRecord invoice, String to, String reason) {
        invoice.setStatus(to);
        invoice.setStatusReason(reason);
        invoice.setStatusChangedAt(clock.instant().atOffset(ZoneOffset.UTC));
        db.executeUpdate(invoice);
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
