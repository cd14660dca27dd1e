package dev.sparks.subscription.customer;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;

import dev.sparks.subscription.lifecycle.State;
import dev.sparks.subscription.lifecycle.StateAnnouncer;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.PlanCatalog;
import dev.sparks.subscription.quota.QuotaPeriod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers: a Sparks customer id, linked to an Auth0 user ({@code sub}) and later a Stripe
 * customer. A customer row is also its subscription (one per customer); every change is announced
 * on subscription.state.v1 through the outbox, in the transaction that makes it.
 */
@Service
public class Customers {

    private final DSLContext db;
    private final StateAnnouncer announcer;
    private final PlanCatalog catalog;
    private final Clock clock;

    Customers(DSLContext db, StateAnnouncer announcer, PlanCatalog catalog, Clock clock) {
        this.db = db;
        this.announcer = announcer;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A customer first seen (through its usage, a contact update or a login) starts on the default plan. */
    @Transactional
    public void ensureExists(String customerId) {
        QuotaPeriod month = QuotaPeriod.calendarMonth(clock.instant());
        int created = db.insertInto(CUSTOMER)
                .set(CUSTOMER.CUSTOMER_ID, customerId)
                .set(CUSTOMER.PLAN, catalog.defaultPlan())
                .set(CUSTOMER.STATUS, State.ACTIVE.code())
                .set(CUSTOMER.PERIOD_START, month.start())
                .set(CUSTOMER.PERIOD_END, month.end())
                .set(CUSTOMER.CREATED_AT, clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .set(CUSTOMER.UPDATED_AT, clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
        if (created == 1) {
            announcer.announce(customerId, "created");
        }
    }

    @Transactional
    public CustomerRecord updateContact(String customerId, String email, String displayName) {
        ensureExists(customerId);
        db.update(CUSTOMER)
                .set(CUSTOMER.EMAIL, email)
                .set(CUSTOMER.DISPLAY_NAME, displayName)
                .set(CUSTOMER.UPDATED_AT, clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .where(CUSTOMER.CUSTOMER_ID.eq(customerId))
                .execute();
        return announcer.announce(customerId, "contact_updated");
    }

    /** Links identities; null arguments leave that link as it is. */
    @Transactional
    public CustomerRecord link(String customerId, String auth0Subject, String stripeCustomerId, Boolean hasPaymentMethod) {
        ensureExists(customerId);
        CustomerRecord customer = db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).forUpdate().fetchSingle();
        if (auth0Subject != null) {
            customer.setAuth0Sub(auth0Subject);
        }
        if (stripeCustomerId != null) {
            customer.setStripeCustomerId(stripeCustomerId);
        }
        if (hasPaymentMethod != null) {
            customer.setHasPaymentMethod(hasPaymentMethod);
        }
        customer.setUpdatedAt(clock.instant().atOffset(java.time.ZoneOffset.UTC));
        customer.store();
        return announcer.announce(customerId, "identity_linked");
    }

    @Transactional(readOnly = true)
    public Optional<CustomerRecord> find(String customerId) {
        return db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).fetchOptional();
    }

    @Transactional(readOnly = true)
    public Optional<CustomerRecord> findBySubject(String auth0Subject) {
        return db.selectFrom(CUSTOMER).where(CUSTOMER.AUTH0_SUB.eq(auth0Subject)).fetchOptional();
    }

    /**
     * The customer of a signed-in user who has none yet: its id is derived from the Auth0 subject
     * (Auth0 subjects contain '|', which customer ids may not).
     */
    @Transactional
    public CustomerRecord createFor(String auth0Subject) {
        String customerId = "cus_" + UUID.nameUUIDFromBytes(auth0Subject.getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
        return link(customerId, auth0Subject, null, null);
    }
}
