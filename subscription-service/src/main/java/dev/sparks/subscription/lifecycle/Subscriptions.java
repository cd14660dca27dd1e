package dev.sparks.subscription.lifecycle;

import dev.sparks.platform.money.Money;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import dev.sparks.subscription.customer.Customers;
import dev.sparks.subscription.notice.Notices;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.BillingInterval;
import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.plan.PlanCatalog;
import dev.sparks.subscription.proration.Proration;
import dev.sparks.subscription.quota.QuotaPeriod;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The changes a customer (or an admin for them) makes to a subscription. Each one locks the
 * subscription, asks the transition table, changes the row, and records, announces and (for
 * proration) notifies in one transaction.
 *
 * <p>Proration is by the second ({@link Proration}). An upgrade takes effect now and charges the
 * difference of the two plans' prices over the rest of the period; a downgrade waits for the period
 * end unless asked to happen now, which credits the difference. During a trial nothing is charged:
 * plan changes only change which plan is being tried.
 */
@Service
public class Subscriptions {

    /** The outcome of a change: the subscription now, and what was charged (positive) or credited (negative). */
    public record Change(CustomerRecord subscription, Money prorated) {}

    private final SubscriptionStore store;
    private final PlanCatalog catalog;
    private final Customers customers;
    private final Notices notices;
    private final Clock clock;

    Subscriptions(SubscriptionStore store, PlanCatalog catalog, Customers customers, Notices notices, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.customers = customers;
        this.notices = notices;
        this.clock = clock;
    }

    /** From the free plan (or after a cancellation): the plan's trial if it has one and none was used, else paid now. */
    @Transactional
    public Change subscribe(String customerId, String planId, BillingInterval interval, boolean trial, String actor) {
        customers.ensureExists(customerId);
        CustomerRecord row = store.lock(customerId);
        State state = State.of(row.getStatus());
        Plan current = catalog.get(row.getPlan());
        Plan plan = catalog.get(planId);
        if (plan.isFree()) {
            throw new TransitionRefusedException("Subscribe to a paid plan; to leave one, cancel or downgrade");
        }
        if (state == State.ACTIVE && !current.isFree()) {
            throw new TransitionRefusedException("Already subscribed to " + current.planId() + "; upgrade or downgrade instead");
        }
        boolean startTrial = trial && plan.trialPeriod() != null && !row.getTrialUsed();
        String planBefore = row.getPlan();
        OffsetDateTime now = now();
        row.setPlan(plan.planId());
        row.setBillingInterval(interval.code());
        row.setPeriodStart(now);
        row.setQuotaAnchor(plan.anniversary() ? now : null);
        row.setCancelAtPeriodEnd(false);
        row.setScheduledPlan(null);
        row.setScheduledInterval(null);
        if (startTrial) {
            OffsetDateTime trialEnd = now.plus(plan.trialPeriod());
            row.setTrialEndsAt(trialEnd);
            row.setTrialUsed(true);
            row.setPeriodEnd(trialEnd);
            return new Change(store.commit(row, state, planBefore, Transition.START_TRIAL, actor,
                    "trial until " + trialEnd), zero());
        }
        row.setTrialEndsAt(null);
        row.setPeriodEnd(interval.periodEnd(now));
        return new Change(store.commit(row, state, planBefore, Transition.SUBSCRIBE, actor, interval.code()), zero());
    }

    @Transactional
    public Change upgrade(String customerId, String planId, String actor) {
        CustomerRecord row = store.lock(customerId);
        Plan from = catalog.get(row.getPlan());
        Plan to = catalog.get(planId);
        if (to.tier() <= from.tier()) {
            throw new TransitionRefusedException(to.planId() + " is not an upgrade from " + from.planId());
        }
        if (from.isFree()) {
            throw new TransitionRefusedException("On the free plan, subscribe instead");
        }
        return changePlanNow(row, from, to, Transition.UPGRADE, actor);
    }

    /** Downgrades at the end of the period, or now with a prorated credit. */
    @Transactional
    public Change downgrade(String customerId, String planId, boolean now, String actor) {
        CustomerRecord row = store.lock(customerId);
        Plan from = catalog.get(row.getPlan());
        Plan to = catalog.get(planId);
        if (to.tier() >= from.tier()) {
            throw new TransitionRefusedException(to.planId() + " is not a downgrade from " + from.planId());
        }
        if (now) {
            return changePlanNow(row, from, to, Transition.DOWNGRADE_NOW, actor);
        }
        State state = State.of(row.getStatus());
        row.setScheduledPlan(to.planId());
        return new Change(store.commit(row, state, row.getPlan(), Transition.SCHEDULE_DOWNGRADE, actor,
                "to " + to.planId() + " at " + row.getPeriodEnd()), zero());
    }

    /** Monthly to annual starts an annual period now (charging it less the unused month); annual to monthly waits for the period end. */
    @Transactional
    public Change changeInterval(String customerId, BillingInterval interval, String actor) {
        CustomerRecord row = store.lock(customerId);
        State state = State.of(row.getStatus());
        BillingInterval current = BillingInterval.of(row.getBillingInterval());
        if (current == interval) {
            throw new TransitionRefusedException("Already billed " + interval.code());
        }
        Plan plan = catalog.get(row.getPlan());
        if (state == State.TRIALING || interval == BillingInterval.MONTHLY) {
            if (state == State.TRIALING) {
                row.setBillingInterval(interval.code());
            } else {
                row.setScheduledInterval(interval.code());
            }
            return new Change(store.commit(row, state, row.getPlan(), Transition.CHANGE_INTERVAL, actor,
                    interval.code() + (state == State.TRIALING ? " after the trial" : " from the period end")), zero());
        }
        Instant now = clock.instant();
        Money unused = Proration.remaining(plan.price(current), row.getPeriodStart().toInstant(),
                row.getPeriodEnd().toInstant(), now);
        Money charge = new Money(unused.currency(), plan.annualPrice().minorUnits() - unused.minorUnits());
        row.setBillingInterval(interval.code());
        row.setPeriodStart(now());
        row.setPeriodEnd(interval.periodEnd(now()));
        row.setScheduledInterval(null);
        CustomerRecord changed = store.commit(row, state, row.getPlan(), Transition.CHANGE_INTERVAL, actor, "annual now");
        prorationNotice(changed, charge, Transition.CHANGE_INTERVAL, "annual " + plan.planId() + " less unused monthly time");
        return new Change(changed, charge);
    }

    @Transactional
    public Change pause(String customerId, String actor) {
        return simple(customerId, Transition.PAUSE, actor);
    }

    @Transactional
    public Change resume(String customerId, String actor) {
        return simple(customerId, Transition.RESUME, actor);
    }

    /** At the period end (the default) or now, with a credit for the unused part of a paid period. */
    @Transactional
    public Change cancel(String customerId, boolean now, String actor) {
        CustomerRecord row = store.lock(customerId);
        State state = State.of(row.getStatus());
        if (!now) {
            row.setCancelAtPeriodEnd(true);
            return new Change(store.commit(row, state, row.getPlan(), Transition.CANCEL_AT_PERIOD_END, actor,
                    "at " + row.getPeriodEnd()), zero());
        }
        Plan plan = catalog.get(row.getPlan());
        Money credit = state == State.TRIALING || state == State.PAUSED ? zero() : negate(Proration.remaining(
                plan.price(BillingInterval.of(row.getBillingInterval())), row.getPeriodStart().toInstant(),
                row.getPeriodEnd().toInstant(), clock.instant()));
        row.setPeriodEnd(now());
        CustomerRecord changed = store.commit(row, state, row.getPlan(), Transition.CANCEL_NOW, actor, null);
        prorationNotice(changed, credit, Transition.CANCEL_NOW, "unused " + plan.planId() + " time");
        return new Change(changed, credit);
    }

    @Transactional
    public Change extendTrial(String customerId, java.time.Duration by, String actor) {
        CustomerRecord row = store.lock(customerId);
        State state = State.of(row.getStatus());
        if (state == State.TRIALING) {
            row.setTrialEndsAt(row.getTrialEndsAt().plus(by));
            row.setPeriodEnd(row.getTrialEndsAt());
        }
        return new Change(store.commit(row, state, row.getPlan(), Transition.EXTEND_TRIAL, actor, "by " + by), zero());
    }

    private Change simple(String customerId, Transition transition, String actor) {
        CustomerRecord row = store.lock(customerId);
        return new Change(store.commit(row, State.of(row.getStatus()), row.getPlan(), transition, actor, null), zero());
    }

    private Change changePlanNow(CustomerRecord row, Plan from, Plan to, Transition transition, String actor) {
        State state = State.of(row.getStatus());
        String planBefore = row.getPlan();
        Money prorated = zero();
        if (state != State.TRIALING && transition.allowedFrom(state)) {
            BillingInterval interval = BillingInterval.of(row.getBillingInterval());
            Instant start = row.getPeriodStart().toInstant();
            Instant end = row.getPeriodEnd().toInstant();
            Instant now = clock.instant();
            prorated = new Money(Money.USD, Proration.remaining(to.price(interval), start, end, now).minorUnits()
                    - Proration.remaining(from.price(interval), start, end, now).minorUnits());
        }
        row.setPlan(to.planId());
        row.setScheduledPlan(null);
        if (to.isFree() && state != State.TRIALING) {
            QuotaPeriod month = QuotaPeriod.calendarMonth(clock.instant());
            row.setPeriodEnd(month.end());
        }
        if (to.anniversary() && row.getQuotaAnchor() == null) {
            row.setQuotaAnchor(row.getPeriodStart());
        }
        CustomerRecord changed = store.commit(row, state, planBefore, transition, actor, from.planId() + " -> " + to.planId());
        prorationNotice(changed, prorated, transition, from.planId() + " -> " + to.planId() + " for the rest of the period");
        return new Change(changed, prorated);
    }

    private void prorationNotice(CustomerRecord row, Money amount, Transition transition, String description) {
        if (amount.minorUnits() == 0) {
            return;
        }
        SubscriptionNoticeType type = amount.minorUnits() > 0
                ? SubscriptionNoticeType.PRORATION_CHARGE : SubscriptionNoticeType.PRORATION_CREDIT;
        String reference = "proration:" + row.getCustomerId() + ":" + transition.code() + ":" + clock.instant().toEpochMilli();
        notices.publish(type, row.getCustomerId(), row.getPlan(), reference, notice -> notice
                .setAmountMinor(amount.minorUnits())
                .setCurrency(amount.currency())
                .setPeriodStart(row.getPeriodStart().toInstant())
                .setPeriodEnd(row.getPeriodEnd().toInstant())
                .setDescription(description));
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static Money zero() {
        return Money.zero(Money.USD);
    }

    private static Money negate(Money money) {
        return new Money(money.currency(), -money.minorUnits());
    }
}
