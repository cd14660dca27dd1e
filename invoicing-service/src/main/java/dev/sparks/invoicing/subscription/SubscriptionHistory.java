package dev.sparks.invoicing.subscription;

import static dev.sparks.invoicing.persistence.jooq.Tables.SUBSCRIPTION_SNAPSHOT;

import dev.sparks.invoicing.account.BillingAccounts;
import dev.sparks.invoicing.persistence.jooq.tables.records.SubscriptionSnapshotRecord;
import dev.sparks.schemas.subscription.BillingInterval;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every subscription record invoicing received, kept as history: subscription fees, allowances
 * and revenue figures are computed from what was in effect when, not from the latest state only.
 * Records from producers older than v3 carry no price; they count as a plan without a fee.
 */
@Service
public class SubscriptionHistory {

    private final DSLContext db;
    private final BillingAccounts accounts;

    SubscriptionHistory(DSLContext db, BillingAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    /** Call once per record, in the transaction that claims its id. */
    @Transactional
    public void record(SubscriptionStateChanged state) {
        db.insertInto(SUBSCRIPTION_SNAPSHOT)
                .set(SUBSCRIPTION_SNAPSHOT.EVENT_ID, state.getEventId())
                .set(SUBSCRIPTION_SNAPSHOT.CUSTOMER_ID, state.getCustomerId())
                .set(SUBSCRIPTION_SNAPSHOT.EFFECTIVE_AT, state.getOccurredAt().atOffset(ZoneOffset.UTC))
                .set(SUBSCRIPTION_SNAPSHOT.PLAN, state.getPlan())
                .set(SUBSCRIPTION_SNAPSHOT.STATE, state.getStatus())
                .set(SUBSCRIPTION_SNAPSHOT.BILLING_INTERVAL,
                        state.getBillingInterval() == BillingInterval.ANNUAL ? Snapshot.ANNUAL : Snapshot.MONTHLY)
                .set(SUBSCRIPTION_SNAPSHOT.MONTHLY_PRICE_MINOR, orZero(state.getMonthlyPriceMinor()))
                .set(SUBSCRIPTION_SNAPSHOT.ANNUAL_DISCOUNT_PERCENT,
                        state.getAnnualDiscountPercent() == null ? BigDecimal.ZERO : state.getAnnualDiscountPercent())
                .set(SUBSCRIPTION_SNAPSHOT.CURRENCY, state.getCurrency() == null ? "USD" : state.getCurrency())
                .set(SUBSCRIPTION_SNAPSHOT.INCLUDED_SPARKS, state.getIncludedSparks())
                .set(SUBSCRIPTION_SNAPSHOT.OVERAGE_BILLED, !Boolean.FALSE.equals(state.getOverageBilled()))
                .set(SUBSCRIPTION_SNAPSHOT.TRANSITION, state.getTransition())
                .onConflictDoNothing()
                .execute();
        accounts.updateProfile(state.getCustomerId(), state.getOccurredAt(), state.getDisplayName(), state.getEmail(),
                state.getAuthSubject(), state.getBillingAnchor());
    }

    /** The snapshot in effect at {@code from} (if any) and every later one before {@code to}, in order. */
    @Transactional(readOnly = true)
    public List<Snapshot> during(String customerId, Instant from, Instant to) {
        List<Snapshot> snapshots = new ArrayList<>();
        inEffectAt(customerId, from).ifPresent(snapshots::add);
        db.selectFrom(SUBSCRIPTION_SNAPSHOT)
                .where(SUBSCRIPTION_SNAPSHOT.CUSTOMER_ID.eq(customerId),
                        SUBSCRIPTION_SNAPSHOT.EFFECTIVE_AT.gt(from.atOffset(ZoneOffset.UTC)),
                        SUBSCRIPTION_SNAPSHOT.EFFECTIVE_AT.lt(to.atOffset(ZoneOffset.UTC)))
                .orderBy(SUBSCRIPTION_SNAPSHOT.EFFECTIVE_AT, SUBSCRIPTION_SNAPSHOT.EVENT_ID)
                .forEach(row -> snapshots.add(snapshot(row)));
        return snapshots;
    }

    /** The latest snapshot at or before {@code at}. */
    @Transactional(readOnly = true)
    public Optional<Snapshot> inEffectAt(String customerId, Instant at) {
        return db.selectFrom(SUBSCRIPTION_SNAPSHOT)
                .where(SUBSCRIPTION_SNAPSHOT.CUSTOMER_ID.eq(customerId),
                        SUBSCRIPTION_SNAPSHOT.EFFECTIVE_AT.le(at.atOffset(ZoneOffset.UTC)))
                .orderBy(SUBSCRIPTION_SNAPSHOT.EFFECTIVE_AT.desc(), SUBSCRIPTION_SNAPSHOT.EVENT_ID.desc())
                .limit(1)
                .fetchOptional(SubscriptionHistory::snapshot);
    }

    /**
     * The plan that governs usage at {@code at}: the one in effect then, or, for usage dated before
     * the customer's first record, the plan the customer was created on (subscription-service meters
     * such usage against the customer's plan as well, creating the customer on the default plan when
     * usage comes first), so the notices and the invoice agree.
     */
    @Transactional(readOnly = true)
    public Optional<Snapshot> governing(String customerId, Instant at) {
        return inEffectAt(customerId, at).or(() -> first(customerId));
    }

    private Optional<Snapshot> first(String customerId) {
        return db.selectFrom(SUBSCRIPTION_SNAPSHOT)
                .where(SUBSCRIPTION_SNAPSHOT.CUSTOMER_ID.eq(customerId))
                .orderBy(SUBSCRIPTION_SNAPSHOT.EFFECTIVE_AT, SUBSCRIPTION_SNAPSHOT.EVENT_ID)
                .limit(1)
                .fetchOptional(SubscriptionHistory::snapshot);
    }

    /** Every snapshot of every customer up to {@code before}, for revenue figures. */
    @Transactional(readOnly = true)
    public List<Snapshot> all(Instant before) {
        return db.selectFrom(SUBSCRIPTION_SNAPSHOT)
                .where(SUBSCRIPTION_SNAPSHOT.EFFECTIVE_AT.lt(before.atOffset(ZoneOffset.UTC)))
                .orderBy(SUBSCRIPTION_SNAPSHOT.CUSTOMER_ID, SUBSCRIPTION_SNAPSHOT.EFFECTIVE_AT)
                .fetch(SubscriptionHistory::snapshot);
    }

    private static Snapshot snapshot(SubscriptionSnapshotRecord row) {
        return new Snapshot(row.getCustomerId(), row.getEffectiveAt().toInstant(), row.getPlan(), row.getState(),
                row.getBillingInterval(), row.getMonthlyPriceMinor(), row.getAnnualDiscountPercent(),
                row.getCurrency().trim(), row.getIncludedSparks(), row.getOverageBilled(), row.getTransition());
    }

    private static long orZero(Long value) {
        return value == null ? 0L : value;
    }
}
