package dev.sparks.payment;

import static dev.sparks.payment.persistence.jooq.Tables.STRIPE_CUSTOMER;
import static dev.sparks.payment.persistence.jooq.Tables.STRIPE_WEBHOOK_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiResource;
import com.stripe.param.RefundCreateParams;
import dev.sparks.embedded.stripe.WebhookDispatcher;
import dev.sparks.payment.persistence.jooq.tables.records.PaymentRequestRecord;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /stripe/webhook: only Stripe's signature gets in; late, repeated and reordered news never moves a payment back. */
class WebhookTest extends PaymentTestSupport {

    private static String event(String type, StripeObject object) {
        Event event = new Event();
        event.setId("evt_test_" + UUID.randomUUID().toString().replace("-", ""));
        event.setObject("event");
        event.setApiVersion(Stripe.API_VERSION);
        event.setCreated(CLOCK.instant().getEpochSecond());
        event.setLivemode(false);
        event.setType(type);
        Event.Data data = new Event.Data();
        data.setObject(ApiResource.GSON.toJsonTree(object).getAsJsonObject());
        event.setData(data);
        return ApiResource.GSON.toJson(event);
    }

    private static String signed(String body) {
        return WebhookDispatcher.signatureHeader(body, WEBHOOK_SECRET, CLOCK.instant().getEpochSecond());
    }

    private static PaymentIntent intent(String id, String status, Map<String, String> metadata) {
        PaymentIntent intent = new PaymentIntent();
        intent.setId(id);
        intent.setObject("payment_intent");
        intent.setStatus(status);
        intent.setAmount(100L);
        intent.setCurrency("usd");
        intent.setMetadata(metadata);
        return intent;
    }

    private int storedEvents() {
        return db.fetchCount(STRIPE_WEBHOOK_EVENT);
    }

    private String outcomeOf(String body) {
        String id = ApiResource.GSON.fromJson(body, Event.class).getId();
        await(() -> db.fetchExists(STRIPE_WEBHOOK_EVENT, STRIPE_WEBHOOK_EVENT.EVENT_ID.eq(id)
                .and(STRIPE_WEBHOOK_EVENT.PROCESSED_AT.isNotNull())), "event " + id + " processed");
        return db.select(STRIPE_WEBHOOK_EVENT.OUTCOME).from(STRIPE_WEBHOOK_EVENT).where(STRIPE_WEBHOOK_EVENT.EVENT_ID.eq(id)).fetchOne().value1();
    }

    @Test
    void forgedTamperedExpiredAndUnsignedDeliveriesAreRefusedAndChangeNothing() {
        String body = event("payment_intent.succeeded", intent("pi_forged", "succeeded", Map.of()));
        long now = CLOCK.instant().getEpochSecond();
        int before = storedEvents();

        Response forged = webhook(body, WebhookDispatcher.signatureHeader(body, "whsec_not_ours", now));
        Response tampered = webhook(body.replace("\"amount\":100", "\"amount\":1"), signed(body));
        Response expired = webhook(body, WebhookDispatcher.signatureHeader(body, WEBHOOK_SECRET, now - 301));
        Response unsigned = webhook(body, null);

        assertThat(java.util.List.of(forged, tampered, expired, unsigned)).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        });
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aReplayedDeliveryIsAcknowledgedOnceStoredAndAReplayPastTheToleranceIsRefused() {
        String body = event("customer.created", new com.stripe.model.Customer());
        String signature = signed(body);

        assertThat(webhook(body, signature).body().get("duplicate").asBoolean()).isFalse();
        assertThat(webhook(body, signature).body().get("duplicate").asBoolean()).isTrue();
        assertThat(outcomeOf(body)).isEqualTo("ignored: type not handled");

        CLOCK.advance(Duration.ofSeconds(301));
        try {
            assertThat(webhook(body, signature).status()).isEqualTo(400);
        } finally {
            CLOCK.advance(Duration.ofSeconds(-301));
        }
    }

    @Test
    void aSecretBeingRotatedOutStillVerifies() {
        String body = event("balance.available", new com.stripe.model.Balance());
        Response response = webhook(body,
                WebhookDispatcher.signatureHeader(body, "whsec_old_rotated_out", CLOCK.instant().getEpochSecond()));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void eventsAboutPaymentsSparksNeverStartedAreAcknowledged() {
        String body = event("payment_intent.succeeded", intent("pi_from_elsewhere", "succeeded", Map.of()));
        assertThat(webhook(body, signed(body)).status()).isEqualTo(200);
        assertThat(outcomeOf(body)).isEqualTo("unknown payment");
    }

    @Test
    void everyWebhookDeliveredTwiceChangesThePaymentOnce() {
        String customer = newCustomer("twice");
        customerSavesCard(customer, "pm_card_visa");
        STRIPE.webhooks().duplicateEach(true);

        InvoiceEvent invoice = invoiceFinalized(customer, 1_000);

        awaitPayment(invoice, "succeeded");
        awaitWebhooksSettled();
        assertThat(announcedTypes(customer)).containsExactly(PaymentEventType.REQUESTED,
                PaymentEventType.SUCCEEDED);
    }

    @Test
    void newsDeliveredNewestFirstLeavesThePaymentAtItsLatestState() {
        String customer = newCustomer("reorder");
        customerSavesCard(customer, "pm_card_visa");
        STRIPE.settleAsynchronously(true);
        STRIPE.webhooks().hold();
        InvoiceEvent invoice = invoiceFinalized(customer, 1_000);
        PaymentRequestRecord processing = awaitPayment(invoice, "processing");
        STRIPE.settle(processing.getStripePaymentIntentId());

        STRIPE.webhooks().releaseReversed(); // payment_intent.succeeded first, payment_intent.processing last

        awaitPayment(invoice, "succeeded");
        awaitWebhooksSettled();
        assertThat(payment(invoice).getStatus()).isEqualTo("succeeded");
        assertThat(announcedTypes(customer)).containsExactly(PaymentEventType.REQUESTED,
                PaymentEventType.SUCCEEDED);
    }

    @Test
    void aLatePaymentFailedAfterSucceededChangesNothing() {
        String customer = newCustomer("late-fail");
        customerSavesCard(customer, "pm_card_visa");
        InvoiceEvent invoice = invoiceFinalized(customer, 1_000);
        PaymentRequestRecord paid = awaitPayment(invoice, "succeeded");
        awaitWebhooksSettled();

        PaymentIntent failed = intent(paid.getStripePaymentIntentId(), "requires_payment_method",
                Map.of("sparks_payment_id", paid.getPaymentId().toString(), "attempt", "1"));
        String body = event("payment_intent.payment_failed", failed);
        assertThat(webhook(body, signed(body)).status()).isEqualTo(200);

        assertThat(outcomeOf(body)).isEqualTo("no news");
        assertThat(payment(invoice).getStatus()).isEqualTo("succeeded");
        assertThat(announcedTypes(customer)).doesNotContain(PaymentEventType.FAILED);
    }

    @Test
    void refundsAndDisputesAreRecordedAndAnnounced() throws Exception {
        String customer = newCustomer("refund");
        customerSavesCard(customer, "pm_card_visa");
        InvoiceEvent invoice = invoiceFinalized(customer, 5_000);
        PaymentRequestRecord paid = awaitPayment(invoice, "succeeded");
        StripeClient dashboard = StripeClient.builder().setApiKey(STRIPE_KEY).setApiBase(STRIPE.apiBase()).build();

        dashboard.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(paid.getStripePaymentIntentId())
                .setAmount(1_200L).build());
        await(() -> payment(invoice).getAmountRefundedMinor() == 1_200L, "the refund recorded");
        var dispute = STRIPE.dispute(paid.getStripePaymentIntentId());
        await(() -> "needs_response".equals(payment(invoice).getDisputeStatus()), "the dispute recorded");
        STRIPE.closeDispute(dispute.getId(), true);
        await(() -> "won".equals(payment(invoice).getDisputeStatus()), "the dispute closed");

        assertThat(payment(invoice).getStatus()).isEqualTo("disputed");
        assertThat(announcedTypes(customer)).containsExactly(PaymentEventType.REQUESTED, PaymentEventType.SUCCEEDED,
                PaymentEventType.REFUNDED, PaymentEventType.DISPUTED, PaymentEventType.DISPUTE_CLOSED);
        assertThat(announced(customer)).filteredOn(event -> event.getType() == PaymentEventType.REFUNDED).singleElement()
                .satisfies(event -> assertThat(event.getRefundedMinor()).isEqualTo(1_200L));
        assertThat(announced(customer)).filteredOn(event -> event.getType() == PaymentEventType.DISPUTE_CLOSED).singleElement()
                .satisfies(event -> assertThat(event.getDisputeOutcome()).isEqualTo("won"));
    }

    @Test
    void aDetachedDefaultCardStopsBeingTheDefault() {
        String customer = newCustomer("detach");
        customerSavesCard(customer, "pm_card_visa");
        awaitWebhooksSettled();
        var link = db.selectFrom(STRIPE_CUSTOMER).where(STRIPE_CUSTOMER.CUSTOMER_ID.eq(customer)).fetchOne();
        PaymentMethod detached = new PaymentMethod();
        detached.setId(link.getDefaultPaymentMethod());
        detached.setObject("payment_method");
        detached.setType("card");
        String body = event("payment_method.detached", detached);

        assertThat(webhook(body, signed(body)).status()).isEqualTo(200);

        assertThat(outcomeOf(body)).isEqualTo("default payment method removed");
        assertThat(db.selectFrom(STRIPE_CUSTOMER).where(STRIPE_CUSTOMER.CUSTOMER_ID.eq(customer)).fetchOne()
                .getDefaultPaymentMethod()).isNull();
    }
}
