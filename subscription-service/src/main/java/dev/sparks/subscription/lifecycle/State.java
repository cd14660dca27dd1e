package dev.sparks.subscription.lifecycle;

/** The states of a subscription; stored and published in lower case. */
public enum State {
    TRIALING, ACTIVE, PAST_DUE, PAUSED, CANCELED, EXPIRED;

    public String code() {
        return name().toLowerCase();
    }

    public static State of(String code) {
        return valueOf(code.toUpperCase());
    }
}
