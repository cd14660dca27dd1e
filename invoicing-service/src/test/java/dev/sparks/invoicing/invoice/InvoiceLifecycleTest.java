package dev.sparks.invoicing.invoice;

import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE;
import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.InvoicingTestSupport;
import dev.sparks.invoicing.period.PeriodCloser;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Numbering, concurrent and interrupted closes, and what may happen to an invoice once final. */
class InvoiceLifecycleTest extends InvoicingTestSupport {

    @Autowired MeterRegistry meters;

    private String invoiceFor(String customer, String month) {
        CLOCK.set(at(month + "-10T00:00:00Z"));
        usage(customer, "ai_tokens", "ai_tokens", "50000", "5000", at(month + "-05T00:00:00Z"));
        CLOCK.set(at(month + "-28T00:00:00Z").plus(java.time.Duration.ofDays(5)));
        closer.closeDue();
        return invoicesOf(customer).getFirst().get("invoice_id").asString();
    }

    private double closeFailures() {
        Counter counter = meters.find("sparks.invoicing.close.failures").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void twoClosersAtOnceAndACloseThatFailsHalfWayLeaveOneInvoicePerCustomerAndNoGapInNumbers() {
        List<String> customers = new ArrayList<>();
        CLOCK.set(at("2028-03-10T00:00:00Z"));
        for (int i = 0; i < 12; i++) {
            String customer = newCustomer("many");
            customers.add(customer);
            usage(customer, "ai_tokens", "ai_tokens", "10000", "1000", at("2028-03-05T00:00:00Z"));
        }
        String failing = customers.get(5);
        db.execute("create function refuse_invoice() returns trigger language plpgsql as $$ begin "
                + "if new.customer_id = '" + failing + "' then raise exception 'simulated crash'; end if; return new; end $$");
        db.execute("create trigger refuse_invoice before insert on invoice for each row execute function refuse_invoice()");
        CLOCK.set(at("2028-04-01T02:00:00Z"));
        double failuresBefore = closeFailures();
        try {
            CompletableFuture<PeriodCloser.Run> first = CompletableFuture.supplyAsync(closer::closeDue);
            CompletableFuture<PeriodCloser.Run> second = CompletableFuture.supplyAsync(closer::closeDue);
            List<String> failed = new ArrayList<>(first.join().failedCustomers());
            failed.addAll(second.join().failedCustomers());
            assertThat(failed).containsOnly(failing);
            assertThat(invoicesOf(failing)).isEmpty();
            assertThat(closeFailures()).as("sparks_invoicing_close_failures_total").isEqualTo(failuresBefore + failed.size());
            assertThat(meters.get("sparks.invoicing.close").tag("outcome", "failed").timer().count()).isPositive();
        } finally {
            db.execute("drop trigger refuse_invoice on invoice");
            db.execute("drop function refuse_invoice()");
        }
        closer.closeDue();

        for (String customer : customers) {
            assertThat(invoicesOf(customer)).as(customer).hasSize(1);
        }
        List<Integer> numbers = db.select(INVOICE.INVOICE_NUMBER).from(INVOICE).where(INVOICE.INVOICE_NUMBER.like("SPK-%"))
                .fetch(INVOICE.INVOICE_NUMBER).stream().map(number -> Integer.parseInt(number.substring(4))).sorted().toList();
        assertThat(numbers).as("gapless from 1").containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, numbers.size()).boxed().toList());
    }

    @Test
    void theFinalizedEventCarriesTheInvoiceAsStored() {
        String customer = newCustomer("announced");
        String invoiceId = invoiceFor(customer, "2028-11");
        JsonNode stored = invoice(invoiceId);
        var deserializer = serdes.valueSerde(Topics.INVOICE_EVENTS).deserializer();

        List<dev.sparks.schemas.invoice.InvoiceEvent> events = db.select(OUTBOX_EVENT.PAYLOAD).from(OUTBOX_EVENT)
                .where(OUTBOX_EVENT.TOPIC.eq(Topics.INVOICE_EVENTS.name()), OUTBOX_EVENT.MESSAGE_KEY.eq(customer))
                .fetch(row -> deserializer.deserialize(Topics.INVOICE_EVENTS.name(), row.value1()));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getInvoiceId()).isEqualTo(invoiceId);
            assertThat(event.getInvoiceNumber()).isEqualTo(stored.get("invoice").get("invoice_number").asString());
            assertThat(event.getStatus()).isEqualTo("finalized");
            assertThat(event.getPeriodStart()).isEqualTo(at("2028-11-01T00:00:00Z"));
            assertThat(event.getTotalMinor()).isEqualTo(stored.get("invoice").get("total_minor").asLong()).isEqualTo(500);
            assertThat(event.getLines()).hasSize(stored.get("lines").size());
            assertThat(event.getLines().stream().mapToLong(line -> line.getAmountMinor()).sum()).isEqualTo(500);
        });
    }

    @Test
    void aSucceededPaymentMarksTheInvoicePaidOnce() {
        String customer = newCustomer("pays");
        String invoiceId = invoiceFor(customer, "2028-05");
        PaymentEvent succeeded = PaymentEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(CLOCK.instant()).setCustomerId(customer).setProducer("test")
                .setType(PaymentEventType.SUCCEEDED).setPaymentId(UUID.randomUUID().toString()).setInvoiceId(invoiceId)
                .setAmountMinor(500).setCurrency("USD").build();
        send(Topics.PAYMENT_EVENTS, customer, succeeded);
        send(Topics.PAYMENT_EVENTS, customer, succeeded);

        await(() -> invoice(invoiceId).get("invoice").get("status").asString().equals("paid"), "paid");
        assertThat(admin("POST", "/v1/admin/invoices/" + invoiceId + "/void", "{\"reason\":\"late\"}").status())
                .as("a paid invoice cannot be voided").isEqualTo(409);
    }

    @Test
    void aFinalInvoiceIsCorrectedByCreditNotesNeverBeyondItsTotal() {
        String customer = newCustomer("credited");
        String invoiceId = invoiceFor(customer, "2028-07");
        JsonNode before = invoice(invoiceId);

        Response first = admin("POST", "/v1/admin/invoices/" + invoiceId + "/credit-notes",
                "{\"amount_minor\":200,\"reason\":\"Outage on 3 July\"}");
        Response tooMuch = admin("POST", "/v1/admin/invoices/" + invoiceId + "/credit-notes",
                "{\"amount_minor\":301,\"reason\":\"Again\"}");
        Response noReason = admin("POST", "/v1/admin/invoices/" + invoiceId + "/credit-notes", "{\"amount_minor\":1}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("number").asString()).startsWith("CN-");
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.body().get("field").asString()).isEqualTo("amount_minor");
        assertThat(noReason.body().get("field").asString()).isEqualTo("reason");
        JsonNode after = invoice(invoiceId);
        assertThat(after.get("lines")).isEqualTo(before.get("lines"));
        assertThat(after.get("invoice").get("total_minor").asLong()).isEqualTo(500);
        assertThat(after.get("invoice").get("credited_minor").asLong()).isEqualTo(200);
        assertThat(call("GET", "/v1/invoices/" + invoiceId + "/credit-notes/" + first.body().get("number").asString() + "/pdf",
                adminKey(), null).contentType()).isEqualTo("application/pdf");
    }

    @Test
    void anUnpaidInvoiceCanBeMarkedUncollectibleThenVoidedButNotTheOtherWayRound() {
        String customer = newCustomer("dunned");
        String invoiceId = invoiceFor(customer, "2028-09");

        assertThat(admin("POST", "/v1/admin/invoices/" + invoiceId + "/mark-uncollectible", "{\"reason\":\"dunning exhausted\"}")
                .body().get("invoice").get("status").asString()).isEqualTo("uncollectible");
        assertThat(admin("POST", "/v1/admin/invoices/" + invoiceId + "/void", null).body().get("invoice").get("status")
                .asString()).isEqualTo("void");
        assertThat(admin("POST", "/v1/admin/invoices/" + invoiceId + "/mark-uncollectible", null).status()).isEqualTo(409);
        assertThat(admin("POST", "/v1/admin/invoices/" + UUID.randomUUID() + "/void", null).status()).isEqualTo(404);
    }
}
