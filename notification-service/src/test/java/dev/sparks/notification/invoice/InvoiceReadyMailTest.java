package dev.sparks.notification.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.notification.NotificationTestSupport;
import dev.sparks.notification.mail.MailStatus;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.invoice.InvoiceLine;
import dev.sparks.schemas.topic.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** invoice.events.v1 (finalized) to the customer's mailbox: once per invoice; without an address, once it arrives. */
class InvoiceReadyMailTest extends NotificationTestSupport {

    private static InvoiceEvent.Builder finalized(String customer, String number) {
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
                .setLines(List.of());
    }

    private static InvoiceLine line(String description, String sparks, long amountMinor) {
        return InvoiceLine.newBuilder().setDescription(description).setCategory("usage")
                .setQuantity(new BigDecimal("1.000000000")).setSparks(new BigDecimal(sparks)).setAmountMinor(amountMinor)
                .build();
    }

    @Test
    void anInvoiceIsMailedOnceHoweverOftenItIsDelivered() {
        String customer = customerWithEmail("invoice", "Ada");
        InvoiceEvent invoice = finalized(customer, "INV-2026-09-0001").build();
        send(Topics.INVOICE_EVENTS, customer, invoice);
        send(Topics.INVOICE_EVENTS, customer, invoice);
        send(Topics.INVOICE_EVENTS, customer, finalized(customer, "INV-2026-09-0002").build());

        awaitMails(customer, 2);
        assertThat(subjects(customer)).containsExactly("Your Sparks invoice INV-2026-09-0001 for 2026-09 is ready",
                "Your Sparks invoice INV-2026-09-0002 for 2026-09 is ready");
        assertThat(body(mailTo(customer).getFirst())).startsWith("Hello Ada,").contains("Total: $10.12 (10,125 Sparks of usage)");
    }

    @Test
    void anInvoiceShowsTheLastDayInvoicedAndAmountsAsPeopleWriteThem() {
        String customer = customerWithEmail("invoice-text", "Ada");
        send(Topics.INVOICE_EVENTS, customer, finalized(customer, "INV-2026-11-0001")
                .setPeriod("2026-11")
                .setPeriodStart(Instant.parse("2026-11-01T00:00:00Z")).setPeriodEnd(Instant.parse("2026-12-01T00:00:00Z"))
                .setLines(List.of(line("API calls", "1234567.891000", 123456), line("Proration credit", "0", -12)))
                .setTotalMinor(123444).setTotalSparks(new BigDecimal("1234567.891000"))
                .build());

        awaitMails(customer, 1);
        assertThat(subjects(customer)).containsExactly("Your Sparks invoice INV-2026-11-0001 for 1–30 November 2026 is ready");
        assertThat(body(mailTo(customer).getFirst()))
                .contains("your invoice INV-2026-11-0001 for 1–30 November 2026 is ready")
                .contains("API calls: 1,234,567.89 Sparks, $1,234.56")
                .contains("Proration credit: -$0.12")
                .contains("Total: $1,234.44 (1,234,567.89 Sparks of usage)");
    }

    @Test
    void anInvoiceForACustomerWithoutAnAddressWaitsForItInsteadOfBeingDeadLettered() {
        String customer = customerWithoutEmail("invoice-no-email");
        InvoiceEvent invoice = finalized(customer, "INV-2026-09-0003").build();
        send(Topics.INVOICE_EVENTS, customer, invoice);
        awaitQueued("invoice:" + invoice.getInvoiceId(), mail -> mail.getStatus().equals(MailStatus.AWAITING_ADDRESS.column()));

        addressArrives(customer, "Grace");

        awaitMails(customer, 1);
        assertThat(body(mailTo(customer).getFirst())).startsWith("Hello Grace,");
        assertThat(TopicReader.read(Topics.NOTIFICATION_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, Duration.ofSeconds(2))).isEmpty();
    }
}
