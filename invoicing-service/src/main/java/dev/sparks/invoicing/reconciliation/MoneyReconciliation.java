package dev.sparks.invoicing.reconciliation;

import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE;
import static dev.sparks.invoicing.persistence.jooq.Tables.PAYMENT_EVENT;

import dev.sparks.invoicing.invoice.InvoiceStatus;
import dev.sparks.invoicing.payment.PaymentLedger;
import dev.sparks.invoicing.period.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * The money side of a month: the invoices whose period starts in it, split by where their money
 * is, in cents. Every invoice but a void one is in exactly one place, less what was refunded:
 * {@code invoiced = paid + open + uncollectible + refunded + disputed}, where disputed holds the
 * invoices under dispute and those whose dispute was lost. Then the check that has teeth: what the
 * payment events say was collected for these invoices (the payment that paid each) equals
 * {@code paid + refunded + disputed}, and no money was collected twice: a payment that succeeded for
 * an invoice already paid (or void) is listed as a double charge.
 */
@Component
public class MoneyReconciliation {

    /** @param invoiceStatus the invoice's status when the double charge was found: paid, disputed, void... */
    public record DoubleCharge(String eventId, String invoiceId, String invoiceNumber, String customerId, String paymentId,
            int attempt, long amountMinor, String invoiceStatus, Instant occurredAt) {}

    public record Money(String currency, long invoicedMinor, long paidMinor, long openMinor, long uncollectibleMinor,
            long refundedMinor, long disputedMinor, long voidedMinor, long collectedMinor, long doubleChargedMinor,
            boolean balanced, List<DoubleCharge> doubleCharges) {}

    private final DSLContext db;

    MoneyReconciliation(DSLContext db) {
        this.db = db;
    }

    Money month(BillingPeriod month, String currency) {
        var inMonth = INVOICE.PERIOD_START.ge(month.start().atOffset(ZoneOffset.UTC))
                .and(INVOICE.PERIOD_START.lt(month.end().atOffset(ZoneOffset.UTC)));
        var invoiceId = INVOICE.INVOICE_ID.cast(String.class);
        var refunds = DSL.field(DSL.select(DSL.coalesce(DSL.sum(PAYMENT_EVENT.REFUNDED_MINOR), DSL.inline(BigDecimal.ZERO)))
                .from(PAYMENT_EVENT).where(PAYMENT_EVENT.INVOICE_ID.eq(invoiceId), PAYMENT_EVENT.TYPE.eq("refunded")));
        long invoiced = 0, paid = 0, open = 0, uncollectible = 0, refunded = 0, disputed = 0, voided = 0;
        for (var row : db.select(INVOICE.STATUS, INVOICE.TOTAL_MINOR, refunds).from(INVOICE).where(inMonth).fetch()) {
            String status = row.value1();
            long total = row.value2();
            // Only collected money can be refunded: the refunds of a paid or disputed invoice, at most its total.
            long back = Math.min(total, row.value3().longValue());
            switch (status) {
                case InvoiceStatus.VOID -> voided += total;
                case InvoiceStatus.PAID -> {
                    paid += total - back;
                    refunded += back;
                }
                case InvoiceStatus.DISPUTED, InvoiceStatus.DISPUTE_LOST -> {
                    disputed += total - back;
                    refunded += back;
                }
                case InvoiceStatus.UNCOLLECTIBLE -> uncollectible += total;
                default -> open += total;
            }
            invoiced += status.equals(InvoiceStatus.VOID) ? 0 : total;
        }
        long collected = sum(inMonth, PaymentLedger.Outcome.PAID);
        List<DoubleCharge> doubleCharges = db.select(PAYMENT_EVENT.EVENT_ID, PAYMENT_EVENT.INVOICE_ID, INVOICE.INVOICE_NUMBER,
                        PAYMENT_EVENT.CUSTOMER_ID, PAYMENT_EVENT.PAYMENT_ID, PAYMENT_EVENT.ATTEMPT, PAYMENT_EVENT.AMOUNT_MINOR,
                        INVOICE.STATUS, PAYMENT_EVENT.OCCURRED_AT)
                .from(PAYMENT_EVENT).join(INVOICE).on(invoiceId.eq(PAYMENT_EVENT.INVOICE_ID))
                .where(inMonth, PAYMENT_EVENT.OUTCOME.eq(PaymentLedger.Outcome.DOUBLE_CHARGE.code()))
                .orderBy(PAYMENT_EVENT.OCCURRED_AT, PAYMENT_EVENT.EVENT_ID)
                .fetch(r -> new DoubleCharge(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9().toInstant()));
        long doubleCharged = doubleCharges.stream().mapToLong(DoubleCharge::amountMinor).sum();
        boolean balanced = invoiced == paid + open + uncollectible + refunded + disputed
                && collected == paid + refunded + disputed && doubleCharges.isEmpty();
        return new Money(currency, invoiced, paid, open, uncollectible, refunded, disputed, voided, collected,
                doubleCharged, balanced, doubleCharges);
    }

    /** The amounts of the payments that paid this month's invoices. */
    private long sum(org.jooq.Condition inMonth, PaymentLedger.Outcome outcome) {
        var total = db.select(DSL.coalesce(DSL.sum(PAYMENT_EVENT.AMOUNT_MINOR), DSL.inline(BigDecimal.ZERO)))
                .from(PAYMENT_EVENT).join(INVOICE).on(INVOICE.INVOICE_ID.cast(String.class).eq(PAYMENT_EVENT.INVOICE_ID))
                .where(inMonth, PAYMENT_EVENT.OUTCOME.eq(outcome.code()))
                .fetchSingle().value1();
        return total.longValue();
    }
}
