package dev.sparks.invoicing.payment;

import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE;
import static dev.sparks.invoicing.persistence.jooq.Tables.PAYMENT_EVENT;

import dev.sparks.invoicing.invoice.InvoiceStatus;
import dev.sparks.invoicing.persistence.jooq.tables.records.PaymentEventRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Overdue invoices as the payment events told them: open or uncollectible invoices with at least
 * one failed attempt (or one waiting for the customer), with every payment event received for them
 * and when the next attempt is due. Built from what was received, so it is as current as
 * payment.events.v1; the gateway owns the schedule.
 */
@Service
public class Dunning {

    /** One payment event of an invoice, oldest first. */
    public record Attempt(String type, int attempt, Instant occurredAt, String declineCode, String failureReason,
            Instant nextAttemptAt, boolean finalAttempt, String actionUrl, String outcome) {}

    /**
     * @param dunning {@code retrying} (a next attempt is scheduled), {@code awaiting_customer} (the
     *                customer must act: authentication, a new card), {@code exhausted} (no attempt left)
     */
    public record OverdueInvoice(String invoiceId, String invoiceNumber, String customerId, String period, String status,
            long totalMinor, String currency, int attempts, String lastDeclineCode, Instant nextAttemptAt, String dunning,
            List<Attempt> history) {}

    private final DSLContext db;

    Dunning(DSLContext db) {
        this.db = db;
    }

    @Transactional(readOnly = true)
    public List<OverdueInvoice> overdue() {
        var unsettled = INVOICE.STATUS.in(InvoiceStatus.FINALIZED, InvoiceStatus.UNCOLLECTIBLE);
        var troubled = PAYMENT_EVENT.TYPE.in("failed", "requires_action", "uncollectible");
        Map<String, List<PaymentEventRecord>> events = db.select(PAYMENT_EVENT.fields()).from(PAYMENT_EVENT)
                .join(INVOICE).on(INVOICE.INVOICE_ID.cast(String.class).eq(PAYMENT_EVENT.INVOICE_ID))
                .where(unsettled, PAYMENT_EVENT.INVOICE_ID.in(DSL.select(PAYMENT_EVENT.INVOICE_ID).from(PAYMENT_EVENT)
                        .where(troubled)))
                .orderBy(PAYMENT_EVENT.OCCURRED_AT, PAYMENT_EVENT.RECEIVED_AT)
                .fetchInto(PAYMENT_EVENT)
                .stream().collect(Collectors.groupingBy(PaymentEventRecord::getInvoiceId));
        if (events.isEmpty()) {
            return List.of();
        }
        return db.selectFrom(INVOICE)
                .where(unsettled, INVOICE.INVOICE_ID.cast(String.class).in(events.keySet()))
                .orderBy(INVOICE.FINALIZED_AT, INVOICE.INVOICE_NUMBER)
                .fetch(invoice -> overdue(invoice, events.get(invoice.getInvoiceId().toString())));
    }

    private static OverdueInvoice overdue(dev.sparks.invoicing.persistence.jooq.tables.records.InvoiceRecord invoice,
            List<PaymentEventRecord> events) {
        List<Attempt> history = events.stream().map(e -> new Attempt(e.getType(), e.getAttempt(), instant(e.getOccurredAt()),
                e.getDeclineCode(), e.getFailureReason(), instant(e.getNextAttemptAt()), e.getFinalAttempt(),
                e.getActionUrl(), e.getOutcome())).toList();
        List<Attempt> failures = history.stream().filter(a -> a.type().equals("failed")).toList();
        Attempt last = history.stream().filter(a -> !a.type().equals("requested")).reduce((a, b) -> b).orElseThrow();
        boolean exhausted = invoice.getStatus().equals(InvoiceStatus.UNCOLLECTIBLE) || last.finalAttempt()
                || last.type().equals("uncollectible");
        String dunning = exhausted ? "exhausted" : last.nextAttemptAt() != null ? "retrying" : "awaiting_customer";
        return new OverdueInvoice(invoice.getInvoiceId().toString(), invoice.getInvoiceNumber(), invoice.getCustomerId(),
                invoice.getPeriod(), invoice.getStatus(), invoice.getTotalMinor(), invoice.getCurrency(),
                failures.stream().mapToInt(Attempt::attempt).max().orElse(0),
                failures.isEmpty() ? null : failures.getLast().declineCode(),
                exhausted ? null : last.nextAttemptAt(), dunning, history);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
