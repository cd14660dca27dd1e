package dev.sparks.payment.customer;

import static dev.sparks.payment.persistence.jooq.Tables.STRIPE_CUSTOMER;

import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import dev.sparks.payment.persistence.jooq.tables.records.StripeCustomerRecord;
import dev.sparks.payment.stripe.StripeCalls;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One Stripe Customer per Sparks customer, created on first need. The idempotency key is derived
 * from the customer id, so two requests racing to create it get the same Stripe Customer; the
 * mapping row is then written once.
 */
@Service
public class StripeCustomers {

    private final DSLContext db;
    private final StripeCalls stripe;
    private final PaymentMethodEvents events;
    private final Clock clock;

    StripeCustomers(DSLContext db, StripeCalls stripe, PaymentMethodEvents events, Clock clock) {
        this.db = db;
        this.stripe = stripe;
        this.events = events;
        this.clock = clock;
    }

    public record Link(String customerId, String stripeCustomerId, String defaultPaymentMethod) {}

    public Optional<Link> of(String customerId) {
        return db.selectFrom(STRIPE_CUSTOMER).where(STRIPE_CUSTOMER.CUSTOMER_ID.eq(customerId)).fetchOptional(StripeCustomers::link);
    }

    public Optional<Link> ofStripe(String stripeCustomerId) {
        return db.selectFrom(STRIPE_CUSTOMER).where(STRIPE_CUSTOMER.STRIPE_CUSTOMER_ID.eq(stripeCustomerId))
                .fetchOptional(StripeCustomers::link);
    }

    /** The customer's Stripe Customer, created (idempotently) if it has none yet. */
    public Link ensure(String customerId) throws StripeException {
        Optional<Link> known = of(customerId);
        if (known.isPresent()) {
            return known.get();
        }
        Customer created = stripe.call("customers.create", "sparks-customer-" + customerId,
                (client, options) -> client.v1().customers().create(CustomerCreateParams.builder()
                        .putMetadata("sparks_customer_id", customerId).build(), options));
        db.insertInto(STRIPE_CUSTOMER)
                .set(STRIPE_CUSTOMER.CUSTOMER_ID, customerId)
                .set(STRIPE_CUSTOMER.STRIPE_CUSTOMER_ID, created.getId())
                .set(STRIPE_CUSTOMER.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .set(STRIPE_CUSTOMER.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
        return of(customerId).orElseThrow();
    }

    /**
     * Makes {@code paymentMethod} the default for invoices, on Stripe and here. False when it already
     * was (a repeated webhook).
     */
    public boolean makeDefault(Link link, String paymentMethod) throws StripeException {
        if (paymentMethod.equals(link.defaultPaymentMethod())) {
            return false;
        }
        stripe.call("customers.update", "sparks-default-pm-" + link.stripeCustomerId() + "-" + paymentMethod,
                (client, options) -> client.v1().customers().update(link.stripeCustomerId(), CustomerUpdateParams.builder()
                        .setInvoiceSettings(CustomerUpdateParams.InvoiceSettings.builder()
                                .setDefaultPaymentMethod(paymentMethod).build())
                        .build(), options));
        return recordDefault(link.customerId(), paymentMethod);
    }

    /**
     * Records the default Stripe reports (customer.updated, a detached card: null) and, when it
     * changed, tells the other services whether a payment method is on file (a trial converts to a
     * paid plan only with one).
     */
    @Transactional
    public boolean recordDefault(String customerId, String paymentMethod) {
        boolean changed = db.update(STRIPE_CUSTOMER)
                .set(STRIPE_CUSTOMER.DEFAULT_PAYMENT_METHOD, paymentMethod)
                .set(STRIPE_CUSTOMER.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(STRIPE_CUSTOMER.CUSTOMER_ID.eq(customerId))
                .and(STRIPE_CUSTOMER.DEFAULT_PAYMENT_METHOD.isDistinctFrom(paymentMethod))
                .execute() > 0;
        if (changed) {
            of(customerId).ifPresent(link -> events.announce(link, paymentMethod != null));
        }
        return changed;
    }

    private static Link link(StripeCustomerRecord row) {
        return new Link(row.getCustomerId(), row.getStripeCustomerId(), row.getDefaultPaymentMethod());
    }
}
