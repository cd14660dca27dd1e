package dev.sparks.subscription.lifecycle;

import static dev.sparks.subscription.lifecycle.State.ACTIVE;
import static dev.sparks.subscription.lifecycle.State.CANCELED;
import static dev.sparks.subscription.lifecycle.State.EXPIRED;
import static dev.sparks.subscription.lifecycle.State.PAST_DUE;
import static dev.sparks.subscription.lifecycle.State.PAUSED;
import static dev.sparks.subscription.lifecycle.State.TRIALING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (transition, state) pair: the allowed ones lead where the table below says, all others are
 * refused. The expectations are written out here independently of {@link Transition}, so a change
 * to the table must be made twice, on purpose.
 */
class TransitionTableTest {

    /** transition -> (from state -> to state); a pair that is absent must be refused. */
    private static final Map<Transition, Map<State, State>> EXPECTED = new EnumMap<>(Transition.class);

    static {
        allow(Transition.START_TRIAL, ACTIVE, TRIALING, CANCELED, TRIALING, EXPIRED, TRIALING);
        allow(Transition.SUBSCRIBE, ACTIVE, ACTIVE, CANCELED, ACTIVE, EXPIRED, ACTIVE);
        allow(Transition.UPGRADE, TRIALING, TRIALING, ACTIVE, ACTIVE);
        allow(Transition.DOWNGRADE_NOW, TRIALING, TRIALING, ACTIVE, ACTIVE);
        allow(Transition.SCHEDULE_DOWNGRADE, ACTIVE, ACTIVE, PAST_DUE, PAST_DUE);
        allow(Transition.CHANGE_INTERVAL, TRIALING, TRIALING, ACTIVE, ACTIVE);
        allow(Transition.PAUSE, ACTIVE, PAUSED);
        allow(Transition.RESUME, PAUSED, ACTIVE);
        allow(Transition.CANCEL_AT_PERIOD_END, TRIALING, TRIALING, ACTIVE, ACTIVE, PAST_DUE, PAST_DUE);
        allow(Transition.CANCEL_NOW, TRIALING, CANCELED, ACTIVE, CANCELED, PAST_DUE, CANCELED, PAUSED, CANCELED);
        allow(Transition.EXTEND_TRIAL, TRIALING, TRIALING);
        allow(Transition.TRIAL_CONVERTED, TRIALING, ACTIVE);
        allow(Transition.TRIAL_DOWNGRADED, TRIALING, ACTIVE);
        allow(Transition.TRIAL_PAUSED, TRIALING, PAUSED);
        allow(Transition.TRIAL_EXPIRED, TRIALING, EXPIRED);
        allow(Transition.PERIOD_RENEWED, ACTIVE, ACTIVE, PAST_DUE, PAST_DUE, PAUSED, PAUSED);
        allow(Transition.PERIOD_END_CANCELED, TRIALING, CANCELED, ACTIVE, CANCELED, PAST_DUE, CANCELED);
        allow(Transition.PAYMENT_FAILED, ACTIVE, PAST_DUE);
        allow(Transition.PAYMENT_RECOVERED, PAST_DUE, ACTIVE);
        allow(Transition.DUNNING_PAUSED, ACTIVE, PAUSED, PAST_DUE, PAUSED);
        allow(Transition.DUNNING_CANCELED, ACTIVE, CANCELED, PAST_DUE, CANCELED);
    }

    private static void allow(Transition transition, State... fromTo) {
        Map<State, State> pairs = new EnumMap<>(State.class);
        for (int i = 0; i < fromTo.length; i += 2) {
            pairs.put(fromTo[i], fromTo[i + 1]);
        }
        EXPECTED.put(transition, pairs);
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (Transition transition : Transition.values()) {
            for (State state : State.values()) {
                pairs.add(Arguments.of(transition, state));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("everyPair")
    void everyTransitionIsAllowedExactlyFromItsStatesAndLeadsWhereTheTableSays(Transition transition, State from) {
        State expected = EXPECTED.get(transition).get(from);
        if (expected != null) {
            assertThat(transition.allowedFrom(from)).isTrue();
            assertThat(transition.apply(from)).isEqualTo(expected);
        } else {
            assertThat(transition.allowedFrom(from)).isFalse();
            assertThatThrownBy(() -> transition.apply(from))
                    .isInstanceOf(TransitionRefusedException.class)
                    .hasMessageContaining(from.code());
        }
    }

    @Test
    void theTableCoversEveryTransition() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(Transition.values());
    }

    @Test
    void canceledAndExpiredSubscriptionsOnlyComeBackBySubscribingAgain() {
        for (State terminal : List.of(CANCELED, EXPIRED)) {
            assertThat(Stream.of(Transition.values()).filter(t -> t.allowedFrom(terminal)))
                    .containsExactlyInAnyOrder(Transition.START_TRIAL, Transition.SUBSCRIBE);
        }
    }
}
