package dev.sparks.invoicing.invoice;

import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.usage.UsageLedger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Closes a billing period: finalizes an invoice for every customer with usage in it. Safe to run
 * again, after a crash half-way or from a second instance: each customer's invoice is finalized in
 * its own transaction and at most once.
 */
@Service
public class PeriodCloser {

    private final UsageLedger ledger;
    private final InvoiceFinalizer finalizer;
    private final Clock clock;

    PeriodCloser(UsageLedger ledger, InvoiceFinalizer finalizer, Clock clock) {
        this.ledger = ledger;
        this.finalizer = finalizer;
        this.clock = clock;
    }

    public record Closed(String period, List<String> finalizedInvoices, int alreadyFinalized) {}

    public Closed close(BillingPeriod period) {
        if (!period.hasEnded(clock)) {
            throw new PeriodNotEndedException(period);
        }
        List<String> finalized = new ArrayList<>();
        int already = 0;
        for (String customerId : ledger.customersWithUsage(period)) {
            Optional<String> number = finalizeQuietly(customerId, period);
            if (number.isPresent()) {
                finalized.add(number.get());
            } else {
                already++;
            }
        }
        return new Closed(period.toString(), finalized, already);
    }

    /** A concurrent close of the same customer wins the unique key; this one then has nothing to do. */
    private Optional<String> finalizeQuietly(String customerId, BillingPeriod period) {
        try {
            return finalizer.finalizeInvoice(customerId, period);
        } catch (DuplicateKeyException concurrentClose) {
            return Optional.empty();
        }
    }

    public static class PeriodNotEndedException extends RuntimeException {
        PeriodNotEndedException(BillingPeriod period) {
            super("Period " + period + " has not ended yet (it ends " + period.end() + ")");
        }
    }
}
