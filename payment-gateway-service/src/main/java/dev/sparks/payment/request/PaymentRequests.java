package dev.sparks.payment.request;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REQUEST;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records that a finalized invoice must be paid and announces it. No charge is attempted yet:
 * the request stays {@code requested} until a payment provider settles it.
 */
@Service
public class PaymentRequests {

    public static final String REQUESTED = "requested";

    private final DSLContext db;
    private final Outbox outbox;
    private final Clock clock;
    private final String producer;

    PaymentRequests(DSLContext db, Outbox outbox, Clock clock, PlatformProperties platform) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.producer = platform.serviceName();
    }

    public record PaymentRequest(String paymentId, String invoiceId, String customerId, long amountMinor,
            String currency, String status) {}

    @Transactional
    public void requestPaymentFor(InvoiceEvent invoice) {
        if (invoice.getTotalMinor() <= 0) {
            return; // nothing to collect: invoicing marks an invoice of zero paid when it finalizes it
        }
        UUID invoiceId = UUID.fromString(invoice.getInvoiceId());
        UUID paymentId = UUID.nameUUIDFromBytes(("payment|" + invoiceId).getBytes(StandardCharsets.UTF_8));
        int created = db.insertInto(PAYMENT_REQUEST)
                .set(PAYMENT_REQUEST.PAYMENT_ID, paymentId)
                .set(PAYMENT_REQUEST.INVOICE_ID, invoiceId)
                .set(PAYMENT_REQUEST.CUSTOMER_ID, invoice.getCustomerId())
                .set(PAYMENT_REQUEST.AMOUNT_MINOR, invoice.getTotalMinor())
                .set(PAYMENT_REQUEST.CURRENCY, invoice.getCurrency())
                .set(PAYMENT_REQUEST.STATUS, REQUESTED)
                .set(PAYMENT_REQUEST.CREATED_AT, clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
        if (created == 0) {
            return;
        }
        PaymentEvent requested = PaymentEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("requested|" + paymentId).getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(invoice.getCustomerId())
                .setProducer(producer)
                .setType(PaymentEventType.REQUESTED)
                .setPaymentId(paymentId.toString())
                .setInvoiceId(invoiceId.toString())
                .setAmountMinor(invoice.getTotalMinor())
                .setCurrency(invoice.getCurrency())
                .build();
        outbox.append(Topics.PAYMENT_EVENTS, invoice.getCustomerId(), requested.getEventId(), requested);
    }

    @Transactional(readOnly = true)
    public List<PaymentRequest> ofCustomer(String customerId) {
        return db.selectFrom(PAYMENT_REQUEST)
                .where(PAYMENT_REQUEST.CUSTOMER_ID.eq(customerId))
                .orderBy(PAYMENT_REQUEST.CREATED_AT)
                .fetch(row -> new PaymentRequest(row.getPaymentId().toString(), row.getInvoiceId().toString(),
                        row.getCustomerId(), row.getAmountMinor(), row.getCurrency(), row.getStatus()));
    }
}
