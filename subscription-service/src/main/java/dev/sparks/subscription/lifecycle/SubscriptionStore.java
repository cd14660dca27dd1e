package dev.sparks.subscription.lifecycle;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;
import static dev.sparks.subscription.persistence.jooq.Tables.SUBSCRIPTION_AUDIT;

import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Loads a subscription for a change (row-locked, so concurrent changes of one customer serialize)
 * and commits a change: the row, its audit line and its announcement, in the caller's transaction.
 */
@Component
class SubscriptionStore {

    private final DSLContext db;
    private final StateAnnouncer announcer;
    private final Clock clock;

    SubscriptionStore(DSLContext db, StateAnnouncer announcer, Clock clock) {
        this.db = db;
        this.announcer = announcer;
        this.clock = clock;
    }

    CustomerRecord lock(String customerId) {
        return db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).forUpdate().fetchOptional()
                .orElseThrow(() -> new NoSuchCustomerException(customerId));
    }

    /** The same, but skipping a row another instance is changing right now (schedulers). */
    Optional<CustomerRecord> tryLock(String customerId) {
        return db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).forUpdate().skipLocked().fetchOptional();
    }

    /**
     * Applies {@code transition} to the locked row (throws when the table refuses it), stores the
     * row as the caller changed it, and records and announces the change.
     */
    CustomerRecord commit(CustomerRecord row, State before, String planBefore, Transition transition, String actor,
            String detail) {
        row.setStatus(transition.apply(before).code());
        row.setUpdatedAt(clock.instant().atOffset(ZoneOffset.UTC));
        row.store();
        db.insertInto(SUBSCRIPTION_AUDIT)
                .set(SUBSCRIPTION_AUDIT.CUSTOMER_ID, row.getCustomerId())
                .set(SUBSCRIPTION_AUDIT.TRANSITION, transition.code())
                .set(SUBSCRIPTION_AUDIT.FROM_STATE, before.code())
                .set(SUBSCRIPTION_AUDIT.TO_STATE, row.getStatus())
                .set(SUBSCRIPTION_AUDIT.FROM_PLAN, planBefore)
                .set(SUBSCRIPTION_AUDIT.TO_PLAN, row.getPlan())
                .set(SUBSCRIPTION_AUDIT.ACTOR, actor)
                .set(SUBSCRIPTION_AUDIT.DETAIL, detail)
                .set(SUBSCRIPTION_AUDIT.OCCURRED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
        return announcer.announce(row.getCustomerId(), transition.code());
    }
}
