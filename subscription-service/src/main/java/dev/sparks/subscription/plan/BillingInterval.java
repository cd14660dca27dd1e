package dev.sparks.subscription.plan;

import java.time.OffsetDateTime;

/** How often a subscription is paid for: a month or a year per billing period. */
public enum BillingInterval {
    MONTHLY("monthly"),
    ANNUAL("annual");

    private final String code;

    BillingInterval(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public OffsetDateTime periodEnd(OffsetDateTime start) {
        return this == ANNUAL ? start.plusYears(1) : start.plusMonths(1);
    }

    public static BillingInterval of(String code) {
        for (BillingInterval interval : values()) {
            if (interval.code.equals(code)) {
                return interval;
            }
        }
        throw new IllegalArgumentException("Billing interval must be monthly or annual, not '" + code + "'");
    }
}
