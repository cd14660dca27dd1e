package dev.sparks.notification.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.notification.NotificationTestSupport;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.topic.Topics;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** invoice.events.v1 (finalized) to the customer's mailbox: once per invoice; no address, dead letter. */
class InvoiceReadyMailTest extends NotificationTestSupport {

    private static InvoiceEvent finalized(String customer, String number) {
        return InvoiceEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(NOW)
                .setCustomerId(customer)
                .setProducer("invoicing-service")
                .setType(InvoiceEventType.FINALIZED)
                .setInvoiceId(UUID.randomUUID().toString())
                .setInvoiceNumber(number)
                .setPeriod("2026-09")
                .setCurrency("USD")
                .setTotalMinor(1012)
                .setTotalSparks(new BigDecimal("10125.000000"))
                .setLines(List.of())
                .build();
    }

    @Test
    void anInvoiceIsMailedOnceHoweverOftenItIsDelivered() {
        String customer = customerWithEmail("invoice", "Ada");
        InvoiceEvent invoice = finalized(customer, "INV-2026-09-0001");
        send(Topics.INVOICE_EVENTS, customer, invoice);
        send(Topics.INVOICE_EVENTS, customer, invoice);
        send(Topics.INVOICE_EVENTS, customer, finalized(customer, "INV-2026-09-0002"));

        awaitMails(customer, 2);
        assertThat(subjects(customer)).containsExactly("Your Sparks invoice INV-2026-09-0001 for 2026-09 is ready",
                "Your Sparks invoice INV-2026-09-0002 for 2026-09 is ready");
        assertThat(body(mailTo(customer).getFirst())).startsWith("Hello Ada,").contains("Total: $10.12 (10125 Sparks of usage)");
    }

    @Test
    void anInvoiceForACustomerWithoutAnAddressIsDeadLettered() {
        String nobody = "no-email-" + UUID.randomUUID().toString().substring(0, 8);
        InvoiceEvent invoice = finalized(nobody, "INV-2026-09-0003");
        send(Topics.INVOICE_EVENTS, nobody, invoice);

        List<DeadLetter> letters = TopicReader.read(Topics.NOTIFICATION_DEAD_LETTERS,
                letter -> invoice.getEventId().equals(letter.getOriginalEventId()), 1, WAIT);
        assertThat(letters).singleElement().extracting(DeadLetter::getReason).asString().contains("No email address on file");
    }
}
