package dev.sparks.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.payment.charge.PaymentJanitor;
import dev.sparks.payment.persistence.jooq.tables.records.PaymentRequestRecord;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A lost webhook never leaves an invoice open: the janitor re-reads what stayed processing too long. */
class JanitorTest extends PaymentTestSupport {

    @Autowired PaymentJanitor janitor;

    @Test
    void aPaymentWhoseWebhookWasLostIsReReadFromStripeOnceItHasWaitedLongEnough() {
        String customer = newCustomer("lost");
        customerSavesCard(customer, "pm_card_visa");
        STRIPE.settleAsynchronously(true);
        InvoiceEvent invoice = invoiceFinalized(customer, 3_300);
        PaymentRequestRecord processing = awaitPayment(invoice, "processing");
        awaitWebhooksSettled();

        STRIPE.webhooks().dropNext(2); // charge.succeeded and payment_intent.succeeded never arrive
        STRIPE.settle(processing.getStripePaymentIntentId());
        awaitWebhooksSettled();
        assertThat(payment(invoice).getStatus()).isEqualTo("processing");

        CLOCK.advance(Duration.ofMinutes(9));
        janitor.runOnce();
        assertThat(payment(invoice).getStatus()).as("not yet janitor-after (10 min) without news").isEqualTo("processing");

        CLOCK.advance(Duration.ofMinutes(2));
        janitor.runOnce();

        assertThat(payment(invoice).getStatus()).isEqualTo("succeeded");
        assertThat(announcedTypes(customer)).containsExactly(PaymentEventType.REQUESTED, PaymentEventType.SUCCEEDED);
    }
}
