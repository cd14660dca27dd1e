package dev.sparks.subscription.lifecycle;

import static dev.sparks.subscription.lifecycle.State.ACTIVE;
import static dev.sparks.subscription.lifecycle.State.CANCELED;
import static dev.sparks.subscription.lifecycle.State.EXPIRED;
import static dev.sparks.subscription.lifecycle.State.PAST_DUE;
import static dev.sparks.subscription.lifecycle.State.PAUSED;
import static dev.sparks.subscription.lifecycle.State.TRIALING;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The transition table: every change a subscription can go through, the states it is allowed
 * from, and the state it leads to (empty: the state stays, the plan or schedule changes). Anything
 * not in this table is refused; {@code TransitionTableTest} spells out every pair.
 */
public enum Transition {
    /** A free, canceled or expired customer starts a plan's trial (once per customer). */
    START_TRIAL(EnumSet.of(ACTIVE, CANCELED, EXPIRED), TRIALING),
    /** A free, canceled or expired customer subscribes to a plan without trial. */
    SUBSCRIBE(EnumSet.of(ACTIVE, CANCELED, EXPIRED), ACTIVE),
    UPGRADE(EnumSet.of(TRIALING, ACTIVE), null),
    DOWNGRADE_NOW(EnumSet.of(TRIALING, ACTIVE), null),
    SCHEDULE_DOWNGRADE(EnumSet.of(ACTIVE, PAST_DUE), null),
    CHANGE_INTERVAL(EnumSet.of(TRIALING, ACTIVE), null),
    PAUSE(EnumSet.of(ACTIVE), PAUSED),
    RESUME(EnumSet.of(PAUSED), ACTIVE),
    CANCEL_AT_PERIOD_END(EnumSet.of(TRIALING, ACTIVE, PAST_DUE), null),
    CANCEL_NOW(EnumSet.of(TRIALING, ACTIVE, PAST_DUE, PAUSED), CANCELED),
    EXTEND_TRIAL(EnumSet.of(TRIALING), TRIALING),
    /** Trial over with a payment method on file. */
    TRIAL_CONVERTED(EnumSet.of(TRIALING), ACTIVE),
    /** Trial over without a payment method, plan says downgrade: the default (free) plan. */
    TRIAL_DOWNGRADED(EnumSet.of(TRIALING), ACTIVE),
    TRIAL_PAUSED(EnumSet.of(TRIALING), PAUSED),
    TRIAL_EXPIRED(EnumSet.of(TRIALING), EXPIRED),
    /** A billing period ended: the next one starts, with any scheduled plan or interval. */
    PERIOD_RENEWED(EnumSet.of(ACTIVE, PAST_DUE, PAUSED), null),
    PERIOD_END_CANCELED(EnumSet.of(TRIALING, ACTIVE, PAST_DUE), CANCELED),
    PAYMENT_FAILED(EnumSet.of(ACTIVE), PAST_DUE),
    PAYMENT_RECOVERED(EnumSet.of(PAST_DUE), ACTIVE),
    /** Dunning gave up (the last attempt failed) and the policy is to pause. */
    DUNNING_PAUSED(EnumSet.of(ACTIVE, PAST_DUE), PAUSED),
    /** Dunning gave up and the policy is to cancel. */
    DUNNING_CANCELED(EnumSet.of(ACTIVE, PAST_DUE), CANCELED);

    private final Set<State> from;
    private final State to;

    Transition(Set<State> from, State to) {
        this.from = from;
        this.to = to;
    }

    public boolean allowedFrom(State state) {
        return from.contains(state);
    }

    /** The state after the transition from {@code state}; refused when not in the table. */
    public State apply(State state) {
        if (!allowedFrom(state)) {
            throw new TransitionRefusedException(this, state);
        }
        return Optional.ofNullable(to).orElse(state);
    }

    public String code() {
        return name().toLowerCase();
    }
}
