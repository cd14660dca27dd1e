package dev.sparks.subscription.usage;

import static dev.sparks.subscription.persistence.jooq.Tables.MONTHLY_USAGE;

import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RatedUsageKind;
import dev.sparks.subscription.customer.Customers;
import dev.sparks.subscription.quota.QuotaMeter;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts each customer's Sparks per calendar month (UTC) of the usage's occurrence (what invoicing
 * reconciles against), and hands the event to the quota counters.
 */
@Service
public class UsageMeter {

    private final DSLContext db;
    private final Customers customers;
    private final QuotaMeter quotas;

    UsageMeter(DSLContext db, Customers customers, QuotaMeter quotas) {
        this.db = db;
        this.customers = customers;
        this.quotas = quotas;
    }

    /**
     * Call once per rated event, in the transaction that claims its id. A re-rating correction
     * carries a Sparks delta (possibly negative) and is not a usage event of its own.
     */
    @Transactional
    public void record(RatedUsageEvent rated) {
        long events = rated.getKind() == RatedUsageKind.CORRECTION ? 0L : 1L;
        customers.ensureExists(rated.getCustomerId());
        String month = YearMonth.from(rated.getOccurredAt().atOffset(ZoneOffset.UTC)).toString();
        db.insertInto(MONTHLY_USAGE)
                .set(MONTHLY_USAGE.CUSTOMER_ID, rated.getCustomerId())
                .set(MONTHLY_USAGE.MONTH, month)
                .set(MONTHLY_USAGE.SPARKS, rated.getSparks())
                .set(MONTHLY_USAGE.EVENTS, events)
                .onConflict(MONTHLY_USAGE.CUSTOMER_ID, MONTHLY_USAGE.MONTH)
                .doUpdate()
                .set(MONTHLY_USAGE.SPARKS, MONTHLY_USAGE.SPARKS.plus(rated.getSparks()))
                .set(MONTHLY_USAGE.EVENTS, MONTHLY_USAGE.EVENTS.plus(events))
                .execute();
        quotas.count(rated);
    }

    /** How many rated events of {@code month} (YYYY-MM) have been counted, over all customers. */
    @Transactional(readOnly = true)
    public long eventsCounted(YearMonth month) {
        return db.select(DSL.coalesce(DSL.sum(MONTHLY_USAGE.EVENTS), BigDecimal.ZERO))
                .from(MONTHLY_USAGE)
                .where(MONTHLY_USAGE.MONTH.eq(month.toString()))
                .fetchSingle()
                .value1()
                .longValue();
    }
}
