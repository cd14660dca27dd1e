package dev.sparks.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.payment.persistence.jooq.tables.records.PaymentRequestRecord;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.topic.Topics;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A credit note on a paid invoice refunds through Stripe, once per credit note. */
class RefundTest extends PaymentTestSupport {

    private void creditNote(InvoiceEvent invoice, String number, long refundMinor) {
        InvoiceEvent note = InvoiceEvent.newBuilder(invoice)
                .setEventId(UUID.randomUUID().toString())
                .setType(InvoiceEventType.CREDIT_NOTE_ISSUED)
                .setCreditNoteNumber(number)
                .setTotalMinor(refundMinor)
                .setRefundMinor(refundMinor)
                .build();
        kafka.send(Topics.INVOICE_EVENTS.name(), invoice.getCustomerId(),
                serdes.valueSerde(Topics.INVOICE_EVENTS).serializer().serialize(Topics.INVOICE_EVENTS.name(), note)).join();
    }

    @Test
    void aCreditNoteOnAPaidInvoiceIsRefundedOnceHoweverOftenItArrives() {
        String customer = newCustomer("credit");
        customerSavesCard(customer, "pm_card_visa");
        InvoiceEvent invoice = invoiceFinalized(customer, 5_000);
        awaitPayment(invoice, "succeeded");
        String number = "CN-" + customer;

        creditNote(invoice, number, 1_500);
        creditNote(invoice, number, 1_500); // invoicing's event again, under a new event id

        PaymentRequestRecord refunded = awaitPayment(invoice, "refunded");
        awaitWebhooksSettled();
        assertThat(refunded.getAmountRefundedMinor()).isEqualTo(1_500L);
        assertThat(STRIPE.requests()).filteredOn(request -> ("sparks-refund-" + number).equals(request.idempotencyKey()))
                .singleElement().satisfies(request -> assertThat(request.status()).isEqualTo(200));
        assertThat(announced(customer)).filteredOn(event -> event.getType() == PaymentEventType.REFUNDED).singleElement()
                .satisfies(event -> assertThat(event.getRefundedMinor()).isEqualTo(1_500L));
    }
}
