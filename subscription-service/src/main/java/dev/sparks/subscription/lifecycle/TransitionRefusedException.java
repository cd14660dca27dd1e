package dev.sparks.subscription.lifecycle;

/** A change the transition table (or a plan rule) does not allow from the subscription's state. */
public class TransitionRefusedException extends RuntimeException {

    public TransitionRefusedException(Transition transition, State state) {
        super("Cannot " + transition.code().replace('_', ' ') + " a subscription that is " + state.code());
    }

    public TransitionRefusedException(String reason) {
        super(reason);
    }
}
