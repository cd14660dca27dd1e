package dev.sparks.invoicing.period;

import static dev.sparks.invoicing.persistence.jooq.Tables.BILLING_ACCOUNT;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE_NUMBER_COUNTER;
import static dev.sparks.invoicing.persistence.jooq.Tables.RATED_USAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.InvoicingTestSupport;
import dev.sparks.invoicing.invoice.InvoiceFinalizer;
import dev.sparks.schemas.usage.RatedUsageEvent;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An out-of-order older event that arrives while the customer's first period is being closed:
 * it must not move the open period back behind the period just closed, or every later close of
 * that customer fails on the period closed twice.
 */
class FirstCloseRaceTest extends InvoicingTestSupport {

    @Autowired InvoiceFinalizer finalizer;

    @Test
    void anOlderEventArrivingDuringTheFirstCloseIsBilledLateAndLaterClosesStillSucceed() throws Exception {
        // Given a customer whose first period, October, has usage and has ended
        String customer = newCustomer("first-close-race");
        CLOCK.set(at("2026-10-20T00:00:00Z"));
        usage(customer, "ai_tokens", "ai_tokens", "40000", "4000", at("2026-10-10T00:00:00Z"));
        CLOCK.set(at("2026-11-01T02:00:00Z"));
        Instant octoberEnd = at("2026-11-01T00:00:00Z");

        // When its first close is under way (it holds the account and waits for an invoice number,
        // held back here) and a September event arrives meanwhile
        Future<RatedUsageEvent> september;
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            september = db.transactionResult(held -> {
                held.dsl().selectFrom(INVOICE_NUMBER_COUNTER).forUpdate().fetch();
                Future<?> close = threads.submit(() -> finalizer.closeOpenPeriod(customer, octoberEnd));
                awaitWaitingForLocks(1);
                Future<RatedUsageEvent> older = threads.submit(
                        () -> usage(customer, "ai_tokens", "ai_tokens", "10000", "1000", at("2026-09-15T00:00:00Z")));
                awaitWaitingForLocks(2);
                assertThat(close).isNotDone();
                return older;
            });
        }
        RatedUsageEvent late = september.get();

        // Then the open period is November, and the next close bills the September event late
        assertThat(db.select(BILLING_ACCOUNT.PERIOD_START).from(BILLING_ACCOUNT).where(BILLING_ACCOUNT.CUSTOMER_ID.eq(customer))
                .fetchSingle().value1().toInstant()).isEqualTo(at("2026-11-01T00:00:00Z"));
        CLOCK.set(at("2026-12-01T02:00:00Z"));
        PeriodCloser.Run run = closer.closeDue();
        assertThat(run.failedCustomers()).doesNotContain(customer);
        assertThat(invoicesOf(customer)).hasSize(2);
        assertThat(db.fetchExists(RATED_USAGE, RATED_USAGE.EVENT_ID.eq(late.getEventId()), RATED_USAGE.INVOICE_ID.isNotNull()))
                .as("the September event is billed").isTrue();
    }

    /** Until {@code count} sessions of this database wait for a row lock. */
    private void awaitWaitingForLocks(int count) {
        // the activity view is a snapshot per transaction: cleared so each look sees the sessions now
        await(() -> {
            db.execute("select pg_stat_clear_snapshot()");
            return db.resultQuery("select count(*) from pg_stat_activity where datname = current_database()"
                    + " and wait_event_type = 'Lock'").fetchSingle().get(0, Integer.class) >= count;
        }, count + " sessions waiting for a lock");
    }
}
