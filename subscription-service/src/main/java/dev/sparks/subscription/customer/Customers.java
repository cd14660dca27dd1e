package dev.sparks.subscription.customer;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.Plans;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers and their subscription. Every change is announced on subscription.state.v1 through the
 * outbox, in the transaction that makes it.
 */
@Service
public class Customers {

    public static final String ACTIVE = "active";

    private final DSLContext db;
    private final Outbox outbox;
    private final Plans plans;
    private final Clock clock;
    private final String producer;

    Customers(DSLContext db, Outbox outbox, Plans plans, Clock clock, PlatformProperties platform) {
        this.db = db;
        this.outbox = outbox;
        this.plans = plans;
        this.clock = clock;
        this.producer = platform.serviceName();
    }

    /** A customer first seen through its usage starts on the default plan. */
    @Transactional
    public void ensureExists(String customerId) {
        int created = db.insertInto(CUSTOMER)
                .set(CUSTOMER.CUSTOMER_ID, customerId)
                .set(CUSTOMER.PLAN, plans.defaultPlan())
                .set(CUSTOMER.STATUS, ACTIVE)
                .onConflictDoNothing()
                .execute();
        if (created == 1) {
            announce(customerId);
        }
    }

    @Transactional
    public CustomerRecord updateContact(String customerId, String email, String displayName) {
        ensureExists(customerId);
        db.update(CUSTOMER)
                .set(CUSTOMER.EMAIL, email)
                .set(CUSTOMER.DISPLAY_NAME, displayName)
                .set(CUSTOMER.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(CUSTOMER.CUSTOMER_ID.eq(customerId))
                .execute();
        return announce(customerId);
    }

    @Transactional(readOnly = true)
    public Optional<CustomerRecord> find(String customerId) {
        return db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).fetchOptional();
    }

    private CustomerRecord announce(String customerId) {
        CustomerRecord customer = db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).fetchSingle();
        SubscriptionStateChanged state = SubscriptionStateChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(customerId)
                .setProducer(producer)
                .setPlan(customer.getPlan())
                .setStatus(customer.getStatus())
                .setIncludedSparks(plans.includedSparks(customer.getPlan()).amount())
                .setEmail(customer.getEmail())
                .setDisplayName(customer.getDisplayName())
                .build();
        outbox.append(Topics.SUBSCRIPTION_STATE, customerId, state.getEventId(), state);
        return customer;
    }
}
