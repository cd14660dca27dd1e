package dev.sparks.invoicing.payment;

import static dev.sparks.invoicing.persistence.jooq.Tables.PAYMENT_EVENT;
import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;
import static dev.sparks.platform.persistence.jooq.Tables.PROCESSED_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.InvoicingTestSupport;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What payment outcomes do to invoices, the dunning view built from them, and the money side of reconciliation. */
class PaymentOutcomesTest extends InvoicingTestSupport {

    /** A finalized invoice of 500 cents for {@code month} (pay-as-you-go usage of 5,000 Sparks). */
    private String invoiceFor(String customer, String month) {
        CLOCK.set(at(month + "-10T00:00:00Z"));
        usage(customer, "ai_tokens", "ai_tokens", "50000", "5000", at(month + "-05T00:00:00Z"));
        CLOCK.set(at(month + "-28T00:00:00Z").plus(Duration.ofDays(5)));
        closer.closeDue();
        return invoicesOf(customer).getFirst().get("invoice_id").asString();
    }

    private static PaymentEvent.Builder payment(String customer, String invoice, PaymentEventType type) {
        return PaymentEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(CLOCK.instant())
                .setCustomerId(customer).setProducer("test").setType(type).setPaymentId("pi_" + invoice)
                .setInvoiceId(invoice).setAmountMinor(500).setCurrency("USD");
    }

    private static PaymentEvent failed(String customer, String invoice, int attempt, Instant next) {
        return payment(customer, invoice, PaymentEventType.FAILED).setAttempt(attempt).setFinalAttempt(next == null)
                .setDeclineCode("insufficient_funds").setFailureReason("Your card has insufficient funds.")
                .setNextAttemptAt(next).setActionUrl("https://billing.stripe.test/p/session/abc").build();
    }

    /** Sends the events of one customer in order and waits until the last is applied. */
    private void apply(PaymentEvent... events) {
        for (PaymentEvent event : events) {
            send(Topics.PAYMENT_EVENTS, event.getCustomerId(), event);
        }
        String last = events[events.length - 1].getEventId();
        await(() -> db.fetchExists(PROCESSED_EVENT, PROCESSED_EVENT.CONSUMER.eq("invoicing-payments"),
                PROCESSED_EVENT.EVENT_ID.eq(last)), "payment event " + last);
    }

    private String status(String invoice) {
        return invoice(invoice).get("invoice").get("status").asString();
    }

    private JsonNode dunningOf(String invoice) {
        for (JsonNode overdue : admin("GET", "/v1/admin/dunning", null).body().get("invoices")) {
            if (overdue.get("invoice_id").asString().equals(invoice)) {
                return overdue;
            }
        }
        return null;
    }

    private JsonNode money(String month) {
        return admin("GET", "/v1/admin/reconciliation?month=" + month, null).body().get("money");
    }

    private static long change(JsonNode before, JsonNode after, String field) {
        return after.get(field).asLong() - before.get(field).asLong();
    }

    private List<InvoiceEvent> invoiceEvents(String customer) {
        var deserializer = serdes.valueSerde(Topics.INVOICE_EVENTS).deserializer();
        return db.select(OUTBOX_EVENT.PAYLOAD).from(OUTBOX_EVENT)
                .where(OUTBOX_EVENT.TOPIC.eq(Topics.INVOICE_EVENTS.name()), OUTBOX_EVENT.MESSAGE_KEY.eq(customer))
                .orderBy(OUTBOX_EVENT.ID)
                .fetch(row -> deserializer.deserialize(Topics.INVOICE_EVENTS.name(), row.value1()));
    }

    @Test
    void failedAttemptsKeepTheInvoiceOpenInDunningUntilTheLastMakesItUncollectibleAndALatePaymentStillPaysIt() {
        String customer = newCustomer("dunning");
        String invoice = invoiceFor(customer, "2033-01");
        Instant first = CLOCK.instant();

        apply(failed(customer, invoice, 1, first.plus(Duration.ofDays(3))),
                failed(customer, invoice, 2, first.plus(Duration.ofDays(5))));

        assertThat(status(invoice)).isEqualTo("finalized");
        JsonNode overdue = dunningOf(invoice);
        assertThat(overdue.get("attempts").asInt()).isEqualTo(2);
        assertThat(overdue.get("dunning").asString()).isEqualTo("retrying");
        assertThat(Instant.parse(overdue.get("next_attempt_at").asString())).isEqualTo(first.plus(Duration.ofDays(5)));
        assertThat(overdue.get("last_decline_code").asString()).isEqualTo("insufficient_funds");
        assertThat(overdue.get("history")).extracting(attempt -> attempt.get("attempt").asInt()).containsExactly(1, 2);

        apply(failed(customer, invoice, 4, null));
        assertThat(status(invoice)).isEqualTo("uncollectible");
        assertThat(dunningOf(invoice).get("dunning").asString()).isEqualTo("exhausted");
        assertThat(dunningOf(invoice).get("next_attempt_at").isNull()).isTrue();
        assertThat(invoiceEvents(customer)).extracting(InvoiceEvent::getType)
                .containsExactly(InvoiceEventType.FINALIZED, InvoiceEventType.UNCOLLECTIBLE);

        apply(payment(customer, invoice, PaymentEventType.SUCCEEDED).setAttempt(5).build());
        assertThat(status(invoice)).isEqualTo("paid");
        assertThat(dunningOf(invoice)).isNull();
    }

    @Test
    void aPaymentWaitingForTheCustomerIsOverdueWithoutANextAttemptAndAnEventForAnUnknownInvoiceIsKeptNotDeadLettered() {
        String customer = newCustomer("authenticate");
        String invoice = invoiceFor(customer, "2033-05");
        apply(payment(customer, invoice, PaymentEventType.REQUIRES_ACTION).setActionUrl("https://hooks.stripe.test/3ds").build(),
                payment(customer, "not-an-invoice", PaymentEventType.SUCCEEDED).build());

        JsonNode overdue = dunningOf(invoice);
        assertThat(overdue.get("dunning").asString()).isEqualTo("awaiting_customer");
        assertThat(overdue.get("attempts").asInt()).isZero();
        assertThat(overdue.get("history").get(0).get("action_url").asString()).isEqualTo("https://hooks.stripe.test/3ds");
        assertThat(status(invoice)).isEqualTo("finalized");
        assertThat(db.select(PAYMENT_EVENT.OUTCOME).from(PAYMENT_EVENT).where(PAYMENT_EVENT.INVOICE_ID.eq("not-an-invoice"))
                .fetchSingle().value1()).isEqualTo("unknown_invoice");
    }

    @Test
    void aDisputeHoldsThePaidInvoiceUntilItClosesWonOrLost() {
        String customer = newCustomer("disputes");
        String invoice = invoiceFor(customer, "2033-02");
        apply(payment(customer, invoice, PaymentEventType.SUCCEEDED).build(),
                payment(customer, invoice, PaymentEventType.DISPUTED).build());
        assertThat(status(invoice)).isEqualTo("disputed");

        apply(payment(customer, invoice, PaymentEventType.DISPUTE_CLOSED).setDisputeOutcome("won").build());
        assertThat(status(invoice)).isEqualTo("paid");

        apply(payment(customer, invoice, PaymentEventType.DISPUTED).build(),
                payment(customer, invoice, PaymentEventType.DISPUTE_CLOSED).setDisputeOutcome("lost").build());
        assertThat(status(invoice)).isEqualTo("dispute_lost");
        assertThat(invoiceEvents(customer)).extracting(InvoiceEvent::getType, InvoiceEvent::getStatus).containsExactly(
                org.assertj.core.groups.Tuple.tuple(InvoiceEventType.FINALIZED, "finalized"),
                org.assertj.core.groups.Tuple.tuple(InvoiceEventType.PAID, "paid"),
                org.assertj.core.groups.Tuple.tuple(InvoiceEventType.DISPUTED, "disputed"),
                org.assertj.core.groups.Tuple.tuple(InvoiceEventType.DISPUTE_CLOSED, "paid"),
                org.assertj.core.groups.Tuple.tuple(InvoiceEventType.DISPUTED, "disputed"),
                org.assertj.core.groups.Tuple.tuple(InvoiceEventType.DISPUTE_CLOSED, "dispute_lost"));
    }

    @Test
    void aCreditNoteOnAPaidInvoiceAsksTheGatewayForARefundAndOneOnAnOpenInvoiceDoesNot() {
        String paidCustomer = newCustomer("refund");
        String paid = invoiceFor(paidCustomer, "2033-04");
        apply(payment(paidCustomer, paid, PaymentEventType.SUCCEEDED).build());
        String openCustomer = newCustomer("no-refund");
        String open = invoiceFor(openCustomer, "2033-04");

        assertThat(admin("POST", "/v1/admin/invoices/" + paid + "/credit-notes",
                "{\"amount_minor\":150,\"reason\":\"Outage on 3 April\"}").status()).isEqualTo(201);
        assertThat(admin("POST", "/v1/admin/invoices/" + open + "/credit-notes",
                "{\"amount_minor\":150,\"reason\":\"Outage on 3 April\"}").status()).isEqualTo(201);

        InvoiceEvent refund = invoiceEvents(paidCustomer).getLast();
        assertThat(refund.getType()).isEqualTo(InvoiceEventType.CREDIT_NOTE_ISSUED);
        assertThat(refund.getRefundMinor()).isEqualTo(150);
        assertThat(refund.getCreditNoteNumber()).startsWith("CN-");
        assertThat(invoiceEvents(openCustomer).getLast().getRefundMinor()).isZero();
    }

    @Test
    void reconciliationAccountsForEveryInvoicedCentAndListsADoubleChargeRatherThanHidingIt() {
        String month = "2033-03";
        String paid = newCustomer("rec-paid"), open = newCustomer("rec-open"), lost = newCustomer("rec-uncollectible"),
                refunded = newCustomer("rec-refunded"), disputed = newCustomer("rec-disputed"), twice = newCustomer("rec-twice");
        String paidInvoice = invoiceFor(paid, month), openInvoice = invoiceFor(open, month),
                lostInvoice = invoiceFor(lost, month), refundedInvoice = invoiceFor(refunded, month),
                disputedInvoice = invoiceFor(disputed, month), twiceInvoice = invoiceFor(twice, month);

        // Other tests' subscribed customers have invoices in this month too (closing runs for everyone), all open
        // and unpaid: the figures below are what these six invoices' payments changed.
        JsonNode before = money(month);
        assertThat(before.get("open_minor").asLong()).isGreaterThanOrEqualTo(3000);

        apply(payment(paid, paidInvoice, PaymentEventType.SUCCEEDED).build());
        apply(failed(open, openInvoice, 1, CLOCK.instant().plus(Duration.ofDays(3))));
        apply(failed(lost, lostInvoice, 1, CLOCK.instant().plus(Duration.ofDays(3))),
                payment(lost, lostInvoice, PaymentEventType.UNCOLLECTIBLE).build());
        apply(payment(refunded, refundedInvoice, PaymentEventType.SUCCEEDED).build(),
                payment(refunded, refundedInvoice, PaymentEventType.REFUNDED).setRefundedMinor(200).build());
        apply(payment(disputed, disputedInvoice, PaymentEventType.SUCCEEDED).build(),
                payment(disputed, disputedInvoice, PaymentEventType.DISPUTED).build());
        PaymentEvent charged = payment(twice, twiceInvoice, PaymentEventType.SUCCEEDED).build();
        PaymentEvent sameChargeReportedAgain = payment(twice, twiceInvoice, PaymentEventType.SUCCEEDED).build();
        PaymentEvent chargedAgain = payment(twice, twiceInvoice, PaymentEventType.SUCCEEDED).setPaymentId("pi_other")
                .setAttempt(2).build();
        apply(charged, sameChargeReportedAgain, chargedAgain);

        assertThat(invoice(refundedInvoice).get("invoice").get("refunded_minor").asLong()).isEqualTo(200);
        JsonNode report = admin("GET", "/v1/admin/reconciliation?month=" + month, null).body();
        JsonNode money = report.get("money");
        assertThat(change(before, money, "invoiced_minor")).isZero();
        assertThat(change(before, money, "paid_minor")).isEqualTo(500 + 300 + 500);
        assertThat(change(before, money, "open_minor")).isEqualTo(500 - 3000);
        assertThat(change(before, money, "uncollectible_minor")).isEqualTo(500);
        assertThat(change(before, money, "refunded_minor")).isEqualTo(200);
        assertThat(change(before, money, "disputed_minor")).isEqualTo(500);
        assertThat(money.get("paid_minor").asLong() + money.get("open_minor").asLong()
                + money.get("uncollectible_minor").asLong() + money.get("refunded_minor").asLong()
                + money.get("disputed_minor").asLong()).isEqualTo(money.get("invoiced_minor").asLong());
        assertThat(change(before, money, "collected_minor")).isEqualTo(2000);
        assertThat(change(before, money, "double_charged_minor")).isEqualTo(500);
        assertThat(money.get("double_charges")).filteredOn(charge -> charge.get("invoice_id").asString().equals(twiceInvoice))
                .singleElement().satisfies(charge -> {
                    assertThat(charge.get("event_id").asString()).isEqualTo(chargedAgain.getEventId());
                    assertThat(charge.get("payment_id").asString()).isEqualTo("pi_other");
                    assertThat(charge.get("invoice_status").asString()).isEqualTo("paid");
                });
        assertThat(money.get("balanced").asBoolean()).isFalse();
        assertThat(report.get("balanced").asBoolean()).as("a double charge is never silent").isFalse();
    }
}
