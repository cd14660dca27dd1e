package dev.sparks.console.admin;

import java.math.BigDecimal;

/** The admin APIs' JSON as the dashboards read it (snake_case on the wire). */
final class AdminShapes {

    private AdminShapes() {}

    /** invoicing-service {@code GET /v1/admin/metrics/revenue}: one month, amounts in cents. */
    record MonthlyRevenue(String month, long mrrMinor, long arrMinor, int payingCustomers, long arpuMinor,
            long churnedMrrMinor, int churnedCustomers, int pausedCustomers, long newMrrMinor, int trialsEnded,
            int trialsConverted, BigDecimal trialConversion, long invoicedMinor, long collectedMinor) {}

    /** subscription-service {@code GET /v1/admin/customers}. */
    record Customer(String customerId, String displayName, String email, String plan, String state,
            String billingInterval, String trialEndsAt, String createdAt) {}

    /** subscription-service {@code GET /v1/admin/plans}, as far as the filter needs it. */
    record Plan(String planId, String displayName, int tier) {}
}
