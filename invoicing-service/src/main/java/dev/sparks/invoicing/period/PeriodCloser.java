package dev.sparks.invoicing.period;

import dev.sparks.invoicing.InvoicingProperties;
import dev.sparks.invoicing.account.BillingAccounts;
import dev.sparks.invoicing.invoice.InvoiceFinalizer;
import dev.sparks.invoicing.invoice.Invoices;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Closes every open period that ended by a given instant: the scheduler's (period end plus grace)
 * or an admin's (a month, or now). Each customer is closed in its own transaction, with its account
 * row locked SKIP LOCKED: two instances share the work without doing any twice, and after a crash
 * the next run closes what is left. A customer behind by several periods is closed one period after
 * another in the same run.
 */
@Service
public class PeriodCloser {

    private static final Logger log = LoggerFactory.getLogger(PeriodCloser.class);
    private static final int BATCH = 500;

    private final BillingAccounts accounts;
    private final InvoiceFinalizer finalizer;
    private final Invoices invoices;
    private final Clock clock;
    private final InvoicingProperties properties;
    private final MeterRegistry meters;

    PeriodCloser(BillingAccounts accounts, InvoiceFinalizer finalizer, Invoices invoices, Clock clock,
            InvoicingProperties properties, MeterRegistry meters) {
        this.accounts = accounts;
        this.finalizer = finalizer;
        this.invoices = invoices;
        this.clock = clock;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * What a run did: invoices finalized, periods closed with nothing to bill, customers whose close
     * failed; and for a month's close, the month's invoices that another close (the scheduler's, an
     * earlier call) had already finalized.
     */
    public record Run(List<String> finalizedInvoices, int closedWithoutInvoice, List<String> failedCustomers,
            List<String> alreadyFinalized) {

        Run(List<String> finalizedInvoices, int closedWithoutInvoice, List<String> failedCustomers) {
            this(finalizedInvoices, closedWithoutInvoice, failedCustomers, List.of());
        }
    }

    /** How long a month's close waits for periods another closer is finalizing right now. */
    private static final Duration WAIT_FOR_OTHER_CLOSERS = Duration.ofSeconds(30);

    /** The scheduler's run: periods whose grace has passed too. */
    public Run closeDue() {
        return closeEndedBy(clock.instant().minus(properties.grace()));
    }

    /**
     * An admin's close of a calendar month: refused until the month has ended; grace is not waited
     * for. It never races the scheduler: a period the scheduler is closing at that moment is skipped,
     * then waited for, so the answer lists every invoice of the month, those another close
     * finalized under {@code already_finalized}.
     */
    public Run closeMonth(BillingPeriod month) {
        if (!month.hasEnded(clock)) {
            throw new PeriodNotEndedException(month);
        }
        Run run = closeEndedBy(month.end());
        List<String> finalized = new ArrayList<>(run.finalizedInvoices());
        int empty = run.closedWithoutInvoice();
        // A wait, not a date: measured on the monotonic timer, which no pinned business clock moves.
        long deadline = System.nanoTime() + WAIT_FOR_OTHER_CLOSERS.toNanos();
        while (accounts.due(month.end(), run.failedCustomers().size() + 1).size() > run.failedCustomers().size()
                && System.nanoTime() - deadline < 0) {
            sleep();
            Run more = closeEndedBy(month.end());
            finalized.addAll(more.finalizedInvoices());
            empty += more.closedWithoutInvoice();
        }
        Collections.sort(finalized);
        List<String> already = new ArrayList<>(invoices.numbersOfPeriodsEnded(month.start(), month.end()));
        already.removeAll(finalized);
        return new Run(finalized, empty, run.failedCustomers(), already);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for another close", e);
        }
    }

    /**
     * Closes every open period that ended at or before {@code endedBy} (never later than now). A
     * customer whose close fails is logged and left open for the next run; the others go on.
     */
    public Run closeEndedBy(Instant endedBy) {
        Timer.Sample started = Timer.start(meters);
        String outcome = "error";
        try {
            Run run = closeAll(endedBy);
            outcome = run.failedCustomers().isEmpty() ? "closed" : "failed";
            Counter.builder("sparks.invoicing.close.failures").description("Customers whose period close failed")
                    .register(meters).increment(run.failedCustomers().size());
            Counter.builder("sparks.invoicing.invoices.finalized").description("Invoices finalized by period closes")
                    .register(meters).increment(run.finalizedInvoices().size());
            return run;
        } finally {
            // sparks_invoicing_close_seconds{outcome}: closed, failed (some customer stays open), error (the run threw)
            started.stop(Timer.builder("sparks.invoicing.close").description("Runs closing the periods that ended")
                    .tag("outcome", outcome).register(meters));
        }
    }

    private Run closeAll(Instant endedBy) {
        Instant bound = endedBy.isAfter(clock.instant()) ? clock.instant() : endedBy;
        List<String> invoices = new ArrayList<>();
        Set<String> failed = new TreeSet<>();
        int empty = 0;
        try (ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, properties.closeConcurrency()),
                Thread.ofPlatform().name("invoicing-close-", 0).factory())) {
            while (true) {
                List<String> due = accounts.due(bound, BATCH + failed.size()).stream()
                        .filter(customerId -> !failed.contains(customerId)).toList();
                Map<String, Future<Optional<InvoiceFinalizer.Closed>>> closing = new LinkedHashMap<>();
                for (String customerId : due) {
                    closing.put(customerId, workers.submit(() -> finalizer.closeOpenPeriod(customerId, bound)));
                }
                int progressed = 0;
                for (var each : closing.entrySet()) {
                    try {
                        Optional<InvoiceFinalizer.Closed> closed = each.getValue().get();
                        if (closed.isPresent()) {
                            progressed++;
                            if (closed.get().invoiceNumber().isPresent()) {
                                invoices.add(closed.get().invoiceNumber().get());
                            } else {
                                empty++;
                            }
                        }
                    } catch (ExecutionException e) {
                        log.error("Closing the period of {} failed; the next run tries again", each.getKey(), e.getCause());
                        failed.add(each.getKey());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while closing periods", e);
                    }
                }
                if (progressed == 0) {
                    break; // nothing due, or what is due is being closed by another instance right now
                }
            }
        }
        Collections.sort(invoices);
        return new Run(invoices, empty, List.copyOf(failed));
    }

    public static class PeriodNotEndedException extends RuntimeException {
        PeriodNotEndedException(BillingPeriod period) {
            super("Period " + period + " has not ended yet (it ends " + period.end() + ")");
        }
    }
}
