package dev.sparks.embedded.stripe;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Refund;
import com.stripe.model.SetupIntent;
import com.stripe.model.StripeError;
import com.stripe.model.StripeObject;
import com.stripe.model.billingportal.Session;
import com.stripe.net.ApiResource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the stand-in's Stripe account holds, built from stripe-java's model classes so that the JSON
 * it answers is exactly what stripe-java parses. Every change that Stripe announces raises an
 * {@link Event} to {@code events}, the way Stripe queues it for webhook delivery.
 */
final class StripeLedger {

    private final Clock clock;
    private final String baseUrl;
    private final Consumer<Event> events;
    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<String, Customer> customers = new LinkedHashMap<>();
    private final Map<String, PaymentMethod> methods = new LinkedHashMap<>();
    private final Map<String, TestCards> cardOf = new LinkedHashMap<>();
    private final Map<String, SetupIntent> setupIntents = new LinkedHashMap<>();
    private final Map<String, com.stripe.model.checkout.Session> checkouts = new LinkedHashMap<>();
    private final Map<String, PaymentIntent> intents = new LinkedHashMap<>();
    private final Map<String, Charge> charges = new LinkedHashMap<>();
    private final Map<String, Dispute> disputes = new LinkedHashMap<>();
    private final Map<String, Event> published = new LinkedHashMap<>();
    private volatile boolean settleAsynchronously;

    StripeLedger(Clock clock, String baseUrl, Consumer<Event> events) {
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.events = events;
    }

    private String id(String prefix) {
        return prefix + "_" + Long.toString(ids.incrementAndGet(), 36) + Long.toString(System.identityHashCode(this), 36);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    void settleAsynchronously(boolean on) {
        settleAsynchronously = on;
    }

    // ---- customers and payment methods ---------------------------------------------------------

    synchronized Customer createCustomer(FormBody body) {
        Customer customer = new Customer();
        customer.setId(id("cus"));
        customer.setObject("customer");
        customer.setCreated(now());
        customer.setLivemode(false);
        customer.setEmail(body.get("email"));
        customer.setName(body.get("name"));
        customer.setMetadata(body.hash("metadata"));
        customer.setInvoiceSettings(new Customer.InvoiceSettings());
        customers.put(customer.getId(), customer);
        emit("customer.created", customer);
        return customer;
    }

    synchronized Customer customer(String id) {
        Customer customer = customers.get(id);
        if (customer == null) {
            throw StandInError.missing("customer", id);
        }
        return customer;
    }

    synchronized Customer updateCustomer(String id, FormBody body) {
        Customer customer = customer(id);
        String method = body.get("invoice_settings[default_payment_method]");
        if (method != null) {
            paymentMethod(method);
            customer.getInvoiceSettings().setDefaultPaymentMethod(method);
        }
        if (body.get("email") != null) {
            customer.setEmail(body.get("email"));
        }
        customer.getMetadata().putAll(body.hash("metadata"));
        emit("customer.updated", customer);
        return customer;
    }

    /** A test token ({@code pm_card_visa}) becomes a new card; a {@code pm_} id is looked up. */
    synchronized PaymentMethod paymentMethod(String idOrToken) {
        TestCards card = TestCards.ofToken(idOrToken);
        if (card == null) {
            PaymentMethod known = methods.get(idOrToken);
            if (known == null) {
                throw StandInError.missing("payment_method", idOrToken);
            }
            return known;
        }
        PaymentMethod method = new PaymentMethod();
        method.setId(id("pm"));
        method.setObject("payment_method");
        method.setType("card");
        method.setCreated(now());
        method.setLivemode(false);
        PaymentMethod.Card details = new PaymentMethod.Card();
        details.setBrand(card.brand);
        details.setLast4(card.last4);
        details.setExpMonth(12L);
        details.setExpYear(2034L);
        method.setCard(details);
        methods.put(method.getId(), method);
        cardOf.put(method.getId(), card);
        return method;
    }

    synchronized PaymentMethod attach(String idOrToken, String customerId) {
        customer(customerId);
        PaymentMethod method = paymentMethod(idOrToken);
        method.setCustomer(customerId);
        emit("payment_method.attached", method);
        return method;
    }

    // ---- collecting a card: SetupIntents, Checkout in setup mode, the portal ------------------

    synchronized SetupIntent createSetupIntent(FormBody body) {
        SetupIntent intent = new SetupIntent();
        intent.setId(id("seti"));
        intent.setObject("setup_intent");
        intent.setCreated(now());
        intent.setLivemode(false);
        intent.setClientSecret(intent.getId() + "_secret_standin");
        intent.setCustomer(body.get("customer"));
        intent.setUsage(body.get("usage") == null ? "off_session" : body.get("usage"));
        intent.setMetadata(body.hash("metadata"));
        intent.setPaymentMethodTypes(List.of("card"));
        intent.setStatus("requires_payment_method");
        setupIntents.put(intent.getId(), intent);
        if (body.get("payment_method") != null && body.flag("confirm")) {
            succeedSetup(intent, body.get("payment_method"));
        }
        return intent;
    }

    synchronized SetupIntent setupIntent(String id) {
        SetupIntent intent = setupIntents.get(id);
        if (intent == null) {
            throw StandInError.missing("setup_intent", id);
        }
        return intent;
    }

    private void succeedSetup(SetupIntent intent, String token) {
        PaymentMethod method = intent.getCustomer() == null ? paymentMethod(token) : attach(token, intent.getCustomer());
        intent.setPaymentMethod(method.getId());
        intent.setStatus("succeeded");
        emit("setup_intent.succeeded", intent);
    }

    synchronized com.stripe.model.checkout.Session createCheckout(FormBody body) {
        if (!"setup".equals(body.require("mode"))) {
            throw StandInError.invalid("The stand-in supports Checkout in setup mode only.", "mode");
        }
        String customer = body.require("customer");
        customer(customer);
        FormBody setup = new FormBody(Map.of("customer", customer, "usage", "off_session"));
        SetupIntent intent = createSetupIntent(setup);
        com.stripe.model.checkout.Session session = new com.stripe.model.checkout.Session();
        session.setId(id("cs_test"));
        session.setObject("checkout.session");
        session.setCreated(now());
        session.setLivemode(false);
        session.setMode("setup");
        session.setStatus("open");
        session.setCustomer(customer);
        session.setSetupIntent(intent.getId());
        session.setCurrency(body.get("currency"));
        session.setSuccessUrl(body.get("success_url"));
        session.setCancelUrl(body.get("cancel_url"));
        session.setClientReferenceId(body.get("client_reference_id"));
        session.setMetadata(body.hash("metadata"));
        session.setUrl(baseUrl + "/checkout/" + session.getId());
        checkouts.put(session.getId(), session);
        return session;
    }

    synchronized com.stripe.model.checkout.Session checkout(String id) {
        com.stripe.model.checkout.Session session = checkouts.get(id);
        if (session == null) {
            throw StandInError.missing("checkout.session", id);
        }
        return session;
    }

    /** What the customer does on the hosted page: enters {@code token}'s card and submits. */
    synchronized com.stripe.model.checkout.Session completeCheckout(String id, String token) {
        com.stripe.model.checkout.Session session = checkout(id);
        succeedSetup(setupIntent(session.getSetupIntent()), token);
        session.setStatus("complete");
        emit("checkout.session.completed", session);
        return session;
    }

    synchronized Session createPortal(FormBody body) {
        String customer = body.require("customer");
        customer(customer);
        Session session = new Session();
        session.setId(id("bps"));
        session.setObject("billing_portal.session");
        session.setCreated(now());
        session.setLivemode(false);
        session.setCustomer(customer);
        session.setReturnUrl(body.get("return_url"));
        session.setUrl(baseUrl + "/portal/" + session.getId());
        return session;
    }

    // ---- PaymentIntents, charges, refunds, disputes -------------------------------------------

    synchronized PaymentIntent createPaymentIntent(FormBody body) {
        PaymentIntent intent = new PaymentIntent();
        intent.setId(id("pi"));
        intent.setObject("payment_intent");
        intent.setCreated(now());
        intent.setLivemode(false);
        intent.setAmount(body.requireLong("amount"));
        intent.setAmountReceived(0L);
        intent.setCurrency(body.require("currency").toLowerCase(java.util.Locale.ROOT));
        intent.setCustomer(body.get("customer"));
        intent.setDescription(body.get("description"));
        intent.setMetadata(body.hash("metadata"));
        intent.setCaptureMethod("automatic");
        intent.setConfirmationMethod("automatic");
        intent.setPaymentMethodTypes(List.of("card"));
        intent.setClientSecret(intent.getId() + "_secret_standin");
        intent.setStatus("requires_payment_method");
        if (body.get("payment_method") != null) {
            intent.setPaymentMethod(paymentMethod(body.get("payment_method")).getId());
            intent.setStatus("requires_confirmation");
        }
        intents.put(intent.getId(), intent);
        emit("payment_intent.created", intent);
        if (body.flag("confirm")) {
            confirm(intent, body.flag("off_session"));
        }
        return intent;
    }

    synchronized PaymentIntent paymentIntent(String id) {
        PaymentIntent intent = intents.get(id);
        if (intent == null) {
            throw StandInError.missing("payment_intent", id);
        }
        return intent;
    }

    synchronized PaymentIntent confirm(String id, FormBody body) {
        PaymentIntent intent = paymentIntent(id);
        if (body.get("payment_method") != null) {
            intent.setPaymentMethod(paymentMethod(body.get("payment_method")).getId());
        }
        confirm(intent, body.flag("off_session"));
        return intent;
    }

    private void confirm(PaymentIntent intent, boolean offSession) {
        if (intent.getPaymentMethod() == null) {
            throw StandInError.invalid("You cannot confirm this PaymentIntent because it's missing a payment method.",
                    "payment_method");
        }
        TestCards card = cardOf.getOrDefault(intent.getPaymentMethod(), TestCards.VISA);
        if (card.declines()) {
            Charge charge = charge(intent, "failed", card);
            fail(intent, card, "requires_payment_method", charge.getId());
            emit("charge.failed", charge);
            emit("payment_intent.payment_failed", intent);
            throw cardError(intent, charge.getId());
        }
        if (card.needsAuthentication()) {
            intent.setStatus("requires_action");
            PaymentIntent.NextAction next = new PaymentIntent.NextAction();
            next.setType("redirect_to_url");
            PaymentIntent.NextAction.RedirectToUrl redirect = new PaymentIntent.NextAction.RedirectToUrl();
            redirect.setUrl(baseUrl + "/authenticate/" + intent.getId());
            next.setRedirectToUrl(redirect);
            intent.setNextAction(next);
            emit("payment_intent.requires_action", intent);
            if (offSession) {
                // Off session nobody can authenticate: Stripe answers a card error with the intent.
                fail(intent, card, "requires_action", null);
                throw cardError(intent, null);
            }
            return;
        }
        if (settleAsynchronously) {
            intent.setStatus("processing");
            emit("payment_intent.processing", intent);
            return;
        }
        succeed(intent);
    }

    private void fail(PaymentIntent intent, TestCards card, String status, String chargeId) {
        StripeError error = new StripeError();
        error.setType("card_error");
        error.setCode(card.errorCode);
        error.setDeclineCode(card.declineCode);
        error.setMessage(card.message());
        error.setCharge(chargeId);
        intent.setLastPaymentError(error);
        intent.setStatus(status);
    }

    private StandInError cardError(PaymentIntent intent, String chargeId) {
        StripeError error = intent.getLastPaymentError();
        StandInError e = StandInError.of(402, "card_error", error.getCode(), error.getMessage());
        e.error.setDeclineCode(error.getDeclineCode());
        e.error.setCharge(chargeId);
        e.error.setPaymentIntent(intent);
        return e;
    }

    private void succeed(PaymentIntent intent) {
        Charge charge = charge(intent, "succeeded", null);
        intent.setStatus("succeeded");
        intent.setAmountReceived(intent.getAmount());
        intent.setLatestCharge(charge.getId());
        intent.setNextAction(null);
        emit("charge.succeeded", charge);
        emit("payment_intent.succeeded", intent);
    }

    private Charge charge(PaymentIntent intent, String status, TestCards failed) {
        Charge charge = new Charge();
        charge.setId(id("ch"));
        charge.setObject("charge");
        charge.setCreated(now());
        charge.setLivemode(false);
        charge.setAmount(intent.getAmount());
        charge.setAmountCaptured("succeeded".equals(status) ? intent.getAmount() : 0L);
        charge.setAmountRefunded(0L);
        charge.setCurrency(intent.getCurrency());
        charge.setCustomer(intent.getCustomer());
        charge.setPaymentIntent(intent.getId());
        charge.setPaymentMethod(intent.getPaymentMethod());
        charge.setMetadata(intent.getMetadata());
        charge.setStatus(status);
        charge.setPaid("succeeded".equals(status));
        charge.setCaptured("succeeded".equals(status));
        charge.setRefunded(false);
        charge.setDisputed(false);
        if (failed != null) {
            charge.setFailureCode(failed.errorCode);
            charge.setFailureMessage(failed.message());
        }
        charges.put(charge.getId(), charge);
        return charge;
    }

    /** A payment that went {@code processing} settles, as a bank eventually answers. */
    synchronized PaymentIntent settle(String id) {
        PaymentIntent intent = paymentIntent(id);
        if ("processing".equals(intent.getStatus()) || "requires_action".equals(intent.getStatus())) {
            succeed(intent);
        }
        return intent;
    }

    synchronized Refund refund(FormBody body) {
        String chargeId = body.get("charge");
        if (chargeId == null) {
            chargeId = paymentIntent(body.require("payment_intent")).getLatestCharge();
        }
        Charge charge = charges.get(chargeId);
        if (charge == null || !"succeeded".equals(charge.getStatus())) {
            throw StandInError.of(400, "invalid_request_error", "charge_not_refundable",
                    "This PaymentIntent has no succeeded charge to refund.");
        }
        long remaining = charge.getAmount() - charge.getAmountRefunded();
        long amount = body.get("amount") == null ? remaining : body.requireLong("amount");
        if (amount <= 0 || amount > remaining) {
            throw StandInError.of(400, "invalid_request_error", "amount_too_large",
                    "Refund amount (" + amount + ") is greater than unrefunded amount on charge (" + remaining + ")");
        }
        Refund refund = new Refund();
        refund.setId(id("re"));
        refund.setObject("refund");
        refund.setCreated(now());
        refund.setAmount(amount);
        refund.setCurrency(charge.getCurrency());
        refund.setCharge(charge.getId());
        refund.setPaymentIntent(charge.getPaymentIntent());
        refund.setMetadata(body.hash("metadata"));
        refund.setReason(body.get("reason"));
        refund.setStatus("succeeded");
        charge.setAmountRefunded(charge.getAmountRefunded() + amount);
        charge.setRefunded(charge.getAmountRefunded().equals(charge.getAmount()));
        emit("refund.created", refund);
        emit("charge.refunded", charge);
        return refund;
    }

    synchronized Dispute dispute(String paymentIntentId) {
        Charge charge = charges.get(paymentIntent(paymentIntentId).getLatestCharge());
        charge.setDisputed(true);
        Dispute dispute = new Dispute();
        dispute.setId(id("dp"));
        dispute.setObject("dispute");
        dispute.setCreated(now());
        dispute.setLivemode(false);
        dispute.setAmount(charge.getAmount());
        dispute.setCurrency(charge.getCurrency());
        dispute.setCharge(charge.getId());
        dispute.setPaymentIntent(paymentIntentId);
        dispute.setReason("fraudulent");
        dispute.setStatus("needs_response");
        disputes.put(dispute.getId(), dispute);
        emit("charge.dispute.created", dispute);
        return dispute;
    }

    synchronized Dispute closeDispute(String id, boolean won) {
        Dispute dispute = disputes.get(id);
        dispute.setStatus(won ? "won" : "lost");
        emit("charge.dispute.closed", dispute);
        return dispute;
    }

    // ---- events --------------------------------------------------------------------------------

    synchronized Event event(String id) {
        Event event = published.get(id);
        if (event == null) {
            throw StandInError.missing("event", id);
        }
        return event;
    }

    synchronized List<PaymentIntent> paymentIntents() {
        return new ArrayList<>(intents.values());
    }

    synchronized List<Customer> customers() {
        return new ArrayList<>(customers.values());
    }

    /** A snapshot of {@code object} as it is now, wrapped in an event of {@code type}. */
    private void emit(String type, StripeObject object) {
        Event event = new Event();
        event.setId(id("evt"));
        event.setObject("event");
        event.setApiVersion(Stripe.API_VERSION);
        event.setCreated(now());
        event.setLivemode(false);
        event.setPendingWebhooks(1L);
        event.setType(type);
        Event.Data data = new Event.Data();
        data.setObject(ApiResource.GSON.toJsonTree(object).getAsJsonObject());
        event.setData(data);
        published.put(event.getId(), event);
        events.accept(event);
    }

    static JsonObject json(Object object) {
        return ApiResource.GSON.toJsonTree(object).getAsJsonObject();
    }
}
