package dev.sparks.console.billing;

import java.math.BigDecimal;
import java.util.List;

/**
 * The services' JSON as the overview reads it (snake_case on the wire; unknown fields ignored).
 * Timestamps stay the ISO-8601 strings the services send.
 */
final class BillingShapes {

    private BillingShapes() {}

    /** subscription-service {@code GET /api/billing/subscription}. */
    record Subscription(String customerId, String plan, String state, String billingInterval, String trialEndsAt,
            String currentPeriodStart, String currentPeriodEnd, boolean cancelAtPeriodEnd, String scheduledPlan) {}

    /** subscription-service {@code GET /api/usage/current}. */
    record UsageStatus(String customerId, String plan, String state, Period period, BigDecimal usedSparks,
            BigDecimal includedSparks, BigDecimal remainingSparks, BigDecimal reservedSparks, String overage,
            BigDecimal gracePercent) {}

    record Period(String start, String end) {}

    /** invoicing-service {@code GET /usage/report}. */
    record UsageReport(String customerId, String month, String tier, BigDecimal includedSparks, BigDecimal totalSparks,
            BigDecimal totalUsd, List<Category> categories, List<String> discounts, Forecast forecast) {}

    record Category(String category, BigDecimal sparks, BigDecimal usd, long events) {}

    record Forecast(boolean monthComplete, BigDecimal elapsedShare, BigDecimal sparks, BigDecimal usd) {}

    /** invoicing-service {@code GET /v1/invoices/upcoming}. */
    record Upcoming(String period, String asOf, String status, List<Line> lines, long totalMinor, BigDecimal usageSparks,
            BigDecimal includedSparks, BigDecimal overageSparks, List<String> notes) {}

    record Line(String section, String description, BigDecimal quantity, String unit, BigDecimal sparks, long amountMinor) {}
}
