package dev.sparks.invoicing.revenue;

import java.time.Instant;

/**
 * A finalized (or later paid/void/uncollectible) invoice, once, with its current status.
 *
 * @param status finalized, paid, void or uncollectible
 */
public record InvoiceSummary(String customerId, String number, Instant periodStart, Instant periodEnd,
        Instant finalizedAt, long totalMinor, String status) {}
