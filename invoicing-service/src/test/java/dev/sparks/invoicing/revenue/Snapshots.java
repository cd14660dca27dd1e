package dev.sparks.invoicing.revenue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Short ways to write subscription snapshots and invoices in tests. */
final class Snapshots {

    static final int DISCOUNT = 15;

    private Snapshots() {}

    /** {@code 2026-03-15} is midnight UTC; a full ISO instant is taken as is. */
    static Instant at(String when) {
        return when.contains("T") ? Instant.parse(when) : LocalDate.parse(when).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static SubscriptionSnapshot monthly(String customer, String when, String plan, String state, long price,
            String transition) {
        return new SubscriptionSnapshot(customer, at(when), plan, state, "monthly", price, DISCOUNT, transition);
    }

    static SubscriptionSnapshot annual(String customer, String when, String plan, String state, long price,
            String transition) {
        return new SubscriptionSnapshot(customer, at(when), plan, state, "annual", price, DISCOUNT, transition);
    }

    static InvoiceSummary invoice(String number, String finalizedAt, long total, String status) {
        return new InvoiceSummary("c-" + number, number, at("2026-02-01"), at("2026-03-01"),
                finalizedAt == null ? null : at(finalizedAt), total, status);
    }
}
