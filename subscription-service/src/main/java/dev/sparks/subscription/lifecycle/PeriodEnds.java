package dev.sparks.subscription.lifecycle;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;

import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.BillingInterval;
import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.plan.PlanCatalog;
import dev.sparks.subscription.quota.QuotaPeriod;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transitions time makes: a trial that ends, a billing period that ends (renewal with any
 * scheduled downgrade or interval switch, or the cancellation asked for at period end). Each
 * subscription is changed in its own transaction under a row lock taken with SKIP LOCKED, so two
 * instances never change the same one and a crash leaves nothing half done; re-running after a
 * restart finds only what is still due.
 */
@Service
public class PeriodEnds {

    private static final String SCHEDULER = "scheduler";

    private final DSLContext db;
    private final SubscriptionStore store;
    private final PlanCatalog catalog;
    private final Clock clock;

    PeriodEnds(DSLContext db, SubscriptionStore store, PlanCatalog catalog, Clock clock) {
        this.db = db;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Customers whose billing period has ended, trials excluded (they end through {@link #endTrial}). */
    @Transactional(readOnly = true)
    public List<String> due(int limit) {
        return db.select(CUSTOMER.CUSTOMER_ID).from(CUSTOMER)
                .where(CUSTOMER.PERIOD_END.le(now()),
                        CUSTOMER.STATUS.in(State.ACTIVE.code(), State.PAST_DUE.code(), State.PAUSED.code()))
                .orderBy(CUSTOMER.PERIOD_END)
                .limit(limit)
                .fetch(CUSTOMER.CUSTOMER_ID);
    }

    /** Renews (or cancels) one subscription whose period ended; false if another instance has it or nothing is due. */
    @Transactional
    public boolean renew(String customerId) {
        CustomerRecord row = store.tryLock(customerId).orElse(null);
        if (row == null || row.getPeriodEnd().isAfter(now()) || State.of(row.getStatus()) == State.TRIALING) {
            return false;
        }
        State state = State.of(row.getStatus());
        if (row.getCancelAtPeriodEnd() && state != State.PAUSED) {
            store.commit(row, state, row.getPlan(), Transition.PERIOD_END_CANCELED, SCHEDULER, "at " + row.getPeriodEnd());
            return true;
        }
        String planBefore = row.getPlan();
        if (row.getScheduledPlan() != null) {
            row.setPlan(row.getScheduledPlan());
            row.setScheduledPlan(null);
        }
        if (row.getScheduledInterval() != null) {
            row.setBillingInterval(row.getScheduledInterval());
            row.setScheduledInterval(null);
        }
        Plan plan = catalog.get(row.getPlan());
        while (!row.getPeriodEnd().isAfter(now())) {
            row.setPeriodStart(row.getPeriodEnd());
            row.setPeriodEnd(nextEnd(plan, BillingInterval.of(row.getBillingInterval()), row.getPeriodStart()));
        }
        store.commit(row, state, planBefore, Transition.PERIOD_RENEWED, SCHEDULER,
                row.getPeriodStart() + " to " + row.getPeriodEnd());
        return true;
    }

    /**
     * Ends a trial that is over: paid from now on if a payment method is on file; otherwise what the
     * plan says (downgrade to the default plan, pause, or cancel, which leaves it expired).
     */
    @Transactional
    public boolean endTrial(String customerId) {
        CustomerRecord row = store.tryLock(customerId).orElse(null);
        if (row == null || State.of(row.getStatus()) != State.TRIALING || row.getTrialEndsAt().isAfter(now())) {
            return false;
        }
        Plan plan = catalog.get(row.getPlan());
        String planBefore = row.getPlan();
        OffsetDateTime trialEnd = row.getTrialEndsAt();
        Transition transition;
        if (row.getHasPaymentMethod()) {
            transition = Transition.TRIAL_CONVERTED;
        } else {
            transition = switch (plan.trialEndBehavior()) {
                case "pause" -> Transition.TRIAL_PAUSED;
                case "cancel" -> Transition.TRIAL_EXPIRED;
                default -> Transition.TRIAL_DOWNGRADED;
            };
        }
        if (transition == Transition.TRIAL_DOWNGRADED) {
            row.setPlan(catalog.defaultPlan());
            row.setQuotaAnchor(null);
        }
        Plan after = catalog.get(row.getPlan());
        row.setPeriodStart(trialEnd);
        row.setPeriodEnd(nextEnd(after, BillingInterval.of(row.getBillingInterval()), trialEnd));
        if (after.isFree()) {
            QuotaPeriod month = QuotaPeriod.calendarMonth(trialEnd.toInstant());
            row.setPeriodStart(month.start());
            row.setPeriodEnd(month.end());
        }
        store.commit(row, State.TRIALING, planBefore, transition, SCHEDULER, "trial ended " + trialEnd);
        return true;
    }

    private static OffsetDateTime nextEnd(Plan plan, BillingInterval interval, OffsetDateTime start) {
        return plan.isFree() ? QuotaPeriod.calendarMonth(start.toInstant()).end() : interval.periodEnd(start);
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
