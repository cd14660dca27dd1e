package dev.sparks.subscription.lifecycle;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;
import static dev.sparks.subscription.persistence.jooq.Tables.OVERDUE_INVOICE;

import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one rule for what a payment outcome does to a subscription, whether it comes from
 * payment.events.v1 or from an admin: the first failure makes an active subscription past_due;
 * it stays past_due while any of its invoices is overdue and is active again once the last one is
 * paid; when dunning gives up on an invoice, the configured policy pauses or cancels it.
 *
 * <p>Outcomes never refuse: payment events are facts, and one that finds the subscription in
 * another state (trialing, already paused, canceled) is recorded and changes nothing, rather than
 * being dead-lettered.
 */
@Service
public class PaymentOutcomes {

    static final String ADMIN_INVOICE = "admin";

    private final DSLContext db;
    private final SubscriptionStore store;
    private final Clock clock;
    private final SubscriptionProperties.FinalFailure finalFailure;

    PaymentOutcomes(DSLContext db, SubscriptionStore store, Clock clock, SubscriptionProperties properties) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.finalFailure = properties.dunning().finalFailure();
    }

    /** The subscription after the outcome; empty for a customer this service does not know. */
    @Transactional
    public Optional<CustomerRecord> apply(String customerId, PaymentOutcome outcome, String actor) {
        if (!db.fetchExists(CUSTOMER, CUSTOMER.CUSTOMER_ID.eq(customerId))) {
            return Optional.empty();
        }
        CustomerRecord row = store.lock(customerId);
        State state = State.of(row.getStatus());
        String invoice = outcome.invoiceId() == null ? ADMIN_INVOICE : outcome.invoiceId();
        return Optional.of(switch (outcome) {
            case PaymentOutcome.Failed failed when failed.last() -> giveUp(row, state, invoice,
                    "invoice " + invoice + ": attempt " + failed.attempt() + " failed, the last one");
            case PaymentOutcome.Failed failed -> {
                overdue(customerId, invoice, failed.attempt());
                yield state == State.ACTIVE
                        ? store.commit(row, state, row.getPlan(), Transition.PAYMENT_FAILED, actor,
                                "invoice " + invoice + ": attempt " + failed.attempt() + " failed")
                        : row;
            }
            case PaymentOutcome.Paid paid -> {
                settle(customerId, paid.invoiceId());
                boolean owesNothing = !db.fetchExists(OVERDUE_INVOICE, OVERDUE_INVOICE.CUSTOMER_ID.eq(customerId));
                yield state == State.PAST_DUE && owesNothing
                        ? store.commit(row, state, row.getPlan(), Transition.PAYMENT_RECOVERED, actor, "invoice " + invoice + " paid")
                        : row;
            }
            case PaymentOutcome.GivenUp givenUp -> giveUp(row, state, invoice, "invoice " + invoice + " uncollectible");
        });
    }

    private CustomerRecord giveUp(CustomerRecord row, State state, String invoice, String detail) {
        settle(row.getCustomerId(), invoice);
        Transition transition = finalFailure == SubscriptionProperties.FinalFailure.CANCEL
                ? Transition.DUNNING_CANCELED : Transition.DUNNING_PAUSED;
        if (!transition.allowedFrom(state)) {
            return row;
        }
        if (transition == Transition.DUNNING_CANCELED) {
            row.setPeriodEnd(now());
            row.setCancelAtPeriodEnd(false);
        }
        return store.commit(row, state, row.getPlan(), transition, "dunning", detail);
    }

    private void overdue(String customerId, String invoice, int attempt) {
        OffsetDateTime now = now();
        db.insertInto(OVERDUE_INVOICE)
                .set(OVERDUE_INVOICE.CUSTOMER_ID, customerId)
                .set(OVERDUE_INVOICE.INVOICE_ID, invoice)
                .set(OVERDUE_INVOICE.ATTEMPTS, attempt)
                .set(OVERDUE_INVOICE.LAST_FAILED_AT, now)
                .onConflict(OVERDUE_INVOICE.CUSTOMER_ID, OVERDUE_INVOICE.INVOICE_ID).doUpdate()
                .set(OVERDUE_INVOICE.ATTEMPTS, org.jooq.impl.DSL.greatest(OVERDUE_INVOICE.ATTEMPTS, org.jooq.impl.DSL.val(attempt)))
                .set(OVERDUE_INVOICE.LAST_FAILED_AT, now)
                .execute();
    }

    /** {@code invoice} null: everything the customer owes (an admin's "payment recovered"). */
    private void settle(String customerId, String invoice) {
        db.deleteFrom(OVERDUE_INVOICE).where(OVERDUE_INVOICE.CUSTOMER_ID.eq(customerId),
                invoice == null ? org.jooq.impl.DSL.noCondition() : OVERDUE_INVOICE.INVOICE_ID.eq(invoice)).execute();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
