package dev.sparks.invoicing.revenue;

/**
 * The state, interval, transition and invoice-status codes the metrics look at. subscription-service
 * publishes them in lower case; they are compared ignoring case so that a feeder storing enum names
 * does not silently turn every figure into zero.
 */
final class Codes {

    static final String ACTIVE = "active";
    static final String PAST_DUE = "past_due";
    static final String PAUSED = "paused";
    static final String CANCELED = "canceled";
    static final String EXPIRED = "expired";
    static final String TRIALING = "trialing";

    static final String ANNUAL = "annual";

    static final String SUBSCRIBE = "subscribe";
    static final String UPGRADE = "upgrade";
    static final String TRIAL_CONVERTED = "trial_converted";
    static final String TRIAL_DOWNGRADED = "trial_downgraded";
    static final String TRIAL_PAUSED = "trial_paused";
    static final String TRIAL_EXPIRED = "trial_expired";

    static final String VOID = "void";
    static final String PAID = "paid";

    private Codes() {}

    static boolean is(String value, String code) {
        return code.equalsIgnoreCase(value);
    }

    static boolean isAnyOf(String value, String... codes) {
        for (String code : codes) {
            if (is(value, code)) {
                return true;
            }
        }
        return false;
    }
}
