package dev.sparks.payment.webhook;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_ATTEMPT;
import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REQUEST;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.SetupIntent;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import dev.sparks.payment.customer.StripeCustomers;
import dev.sparks.payment.request.Outcome;
import dev.sparks.payment.request.PaymentRequests;
import dev.sparks.payment.request.PaymentStatus;
import dev.sparks.payment.request.Payments;
import dev.sparks.payment.stripe.StripeCalls;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What each Stripe event means for Sparks. Payment news goes through {@link Payments#apply}, which
 * keeps a payment from moving backwards; a card saved (SetupIntent or Checkout in setup mode)
 * becomes the customer's default and retries the customer's open payments at once. Events
 * of other types, and for payments or customers Sparks does not know, are acknowledged and logged.
 * Returns the outcome kept with the stored event.
 */
@Component
class StripeEventHandler {

    private static final Logger log = LoggerFactory.getLogger(StripeEventHandler.class);

    private record PaymentRef(UUID paymentId, int attempt) {}

    private final DSLContext db;
    private final Payments payments;
    private final PaymentRequests requests;
    private final StripeCustomers customers;
    private final StripeCalls stripe;

    StripeEventHandler(DSLContext db, Payments payments, PaymentRequests requests, StripeCustomers customers,
            StripeCalls stripe) {
        this.db = db;
        this.payments = payments;
        this.requests = requests;
        this.customers = customers;
        this.stripe = stripe;
    }

    String handle(Event event) {
        String type = event.getType();
        return switch (type) {
            case "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.processing",
                    "payment_intent.requires_action", "payment_intent.canceled" -> {
                PaymentIntent intent = object(event, PaymentIntent.class);
                yield payment(event, intent.getId(), intent.getMetadata(), ref -> Outcome.of(intent, ref.attempt()));
            }
            case "charge.succeeded" -> {
                Charge charge = object(event, Charge.class);
                yield payment(event, charge.getPaymentIntent(), charge.getMetadata(),
                        ref -> Outcome.of(PaymentStatus.SUCCEEDED, ref.attempt(), charge.getPaymentIntent()));
            }
            case "charge.refunded" -> {
                Charge charge = object(event, Charge.class);
                yield payment(event, charge.getPaymentIntent(), charge.getMetadata(),
                        ref -> Outcome.refunded(ref.attempt(), charge.getPaymentIntent(), charge.getAmountRefunded()));
            }
            case "charge.dispute.created", "charge.dispute.closed" -> {
                Dispute dispute = object(event, Dispute.class);
                yield payment(event, dispute.getPaymentIntent(), Map.of(),
                        ref -> Outcome.disputed(ref.attempt(), dispute.getPaymentIntent(), dispute.getId(), dispute.getStatus()));
            }
            case "setup_intent.succeeded" -> {
                SetupIntent intent = object(event, SetupIntent.class);
                yield cardOnFile(intent.getCustomer(), intent.getPaymentMethod());
            }
            case "checkout.session.completed" -> checkoutCompleted(object(event, Session.class));
            case "customer.updated" -> {
                Customer customer = object(event, Customer.class);
                String method = customer.getInvoiceSettings() == null ? null : customer.getInvoiceSettings().getDefaultPaymentMethod();
                yield method == null ? "no default payment method" : cardOnFile(customer.getId(), method);
            }
            case "payment_method.detached" -> detached(object(event, PaymentMethod.class));
            default -> {
                log.debug("Stripe event {} of type {} acknowledged, not handled", event.getId(), type);
                yield "ignored: type not handled";
            }
        };
    }

    private String payment(Event event, String paymentIntentId, Map<String, String> metadata,
            java.util.function.Function<PaymentRef, Outcome> outcome) {
        Optional<PaymentRef> ref = find(paymentIntentId, metadata == null ? Map.of() : metadata);
        if (ref.isEmpty()) {
            log.info("Stripe event {} ({}) is about payment {} that Sparks did not start: acknowledged",
                    event.getId(), event.getType(), paymentIntentId);
            return "unknown payment";
        }
        return payments.apply(ref.get().paymentId(), outcome.apply(ref.get())) ? "applied" : "no news";
    }

    /** Our metadata on the intent (or its charges) names the payment; else the intent id we recorded. */
    private Optional<PaymentRef> find(String paymentIntentId, Map<String, String> metadata) {
        String paymentId = metadata.get("sparks_payment_id");
        if (paymentId != null && metadata.get("attempt") != null) {
            return Optional.of(new PaymentRef(UUID.fromString(paymentId), Integer.parseInt(metadata.get("attempt"))));
        }
        if (paymentIntentId == null) {
            return Optional.empty();
        }
        return db.select(PAYMENT_ATTEMPT.PAYMENT_ID, PAYMENT_ATTEMPT.ATTEMPT).from(PAYMENT_ATTEMPT)
                .where(PAYMENT_ATTEMPT.STRIPE_PAYMENT_INTENT_ID.eq(paymentIntentId))
                .fetchOptional(row -> new PaymentRef(row.value1(), row.value2()))
                .or(() -> db.select(PAYMENT_REQUEST.PAYMENT_ID, PAYMENT_REQUEST.STATUS_ATTEMPT).from(PAYMENT_REQUEST)
                        .where(PAYMENT_REQUEST.STRIPE_PAYMENT_INTENT_ID.eq(paymentIntentId))
                        .fetchOptional(row -> new PaymentRef(row.value1(), row.value2())));
    }

    private String checkoutCompleted(Session session) {
        if (!"setup".equals(session.getMode()) || session.getSetupIntent() == null) {
            return "ignored: not a setup session";
        }
        SetupIntent intent = call(() -> stripe.call("setup_intents.retrieve", null,
                (client, options) -> client.v1().setupIntents().retrieve(session.getSetupIntent(), options)));
        return cardOnFile(session.getCustomer(), intent.getPaymentMethod());
    }

    private String cardOnFile(String stripeCustomerId, String paymentMethod) {
        Optional<StripeCustomers.Link> link = stripeCustomerId == null ? Optional.empty() : customers.ofStripe(stripeCustomerId);
        if (link.isEmpty() || paymentMethod == null) {
            log.info("Stripe customer {} is not a Sparks customer: payment method {} ignored", stripeCustomerId, paymentMethod);
            return "unknown customer";
        }
        if (!call(() -> customers.makeDefault(link.get(), paymentMethod))) {
            return "no news";
        }
        int retried = requests.retryOpenPaymentsOf(link.get().customerId());
        return "payment method on file; " + retried + " open payment(s) retried";
    }

    private String detached(PaymentMethod method) {
        var owner = db.select(dev.sparks.payment.persistence.jooq.Tables.STRIPE_CUSTOMER.CUSTOMER_ID)
                .from(dev.sparks.payment.persistence.jooq.Tables.STRIPE_CUSTOMER)
                .where(dev.sparks.payment.persistence.jooq.Tables.STRIPE_CUSTOMER.DEFAULT_PAYMENT_METHOD.eq(method.getId()))
                .fetchOptional(row -> row.value1());
        return owner.map(customer -> customers.recordDefault(customer, null) ? "default payment method removed" : "no news")
                .orElse("not a default payment method");
    }

    @SuppressWarnings("unchecked")
    private static <T extends StripeObject> T object(Event event, Class<T> type) {
        // A payload of another API version than stripe-java's is read all the same: the fields used here are stable.
        StripeObject object = event.getDataObjectDeserializer().getObject().orElseGet(() -> {
            try {
                return event.getDataObjectDeserializer().deserializeUnsafe();
            } catch (EventDataObjectDeserializationException e) {
                throw new IllegalArgumentException("Unreadable " + event.getType() + " event " + event.getId(), e);
            }
        });
        return (T) object;
    }

    private interface StripeWork<T> {
        T run() throws StripeException;
    }

    private static <T> T call(StripeWork<T> work) {
        try {
            return work.run();
        } catch (StripeException e) {
            throw new IllegalStateException("Stripe: " + e.getMessage(), e);
        }
    }
}
