package dev.sparks.subscription.lifecycle;

/**
 * What the payment of an invoice came to, as far as the subscription cares. {@code invoiceId} is
 * null for an admin's call that names no invoice.
 */
public sealed interface PaymentOutcome {

    String invoiceId();

    /** An attempt was declined; {@code last} when dunning will not try again. */
    record Failed(String invoiceId, int attempt, boolean last) implements PaymentOutcome {}

    /** The invoice was paid (for an admin's call without an invoice: everything owed was). */
    record Paid(String invoiceId) implements PaymentOutcome {}

    /** Collection stopped for good without a payment (the invoice is uncollectible). */
    record GivenUp(String invoiceId) implements PaymentOutcome {}
}
