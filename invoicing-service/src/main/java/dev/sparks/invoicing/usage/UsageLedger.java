package dev.sparks.invoicing.usage;

import static dev.sparks.invoicing.persistence.jooq.Tables.USAGE_TOTAL;

import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RatedUsageKind;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Rated usage summed per customer, billing period and metric; the source of reports and invoices. */
@Service
public class UsageLedger {

    private final DSLContext db;

    UsageLedger(DSLContext db) {
        this.db = db;
    }

    /**
     * Call once per rated event, in the transaction that claims its id. A re-rating correction
     * carries a Sparks delta (possibly negative) and quantity 0, and is not a usage event of its own.
     */
    @Transactional
    public void record(RatedUsageEvent rated) {
        long events = rated.getKind() == RatedUsageKind.CORRECTION ? 0L : 1L;
        db.insertInto(USAGE_TOTAL)
                .set(USAGE_TOTAL.CUSTOMER_ID, rated.getCustomerId())
                .set(USAGE_TOTAL.PERIOD, BillingPeriod.of(rated.getOccurredAt()).toString())
                .set(USAGE_TOTAL.CATEGORY, rated.getCategory())
                .set(USAGE_TOTAL.METRIC, rated.getMetric())
                .set(USAGE_TOTAL.UNIT, rated.getUnit())
                .set(USAGE_TOTAL.QUANTITY, rated.getQuantity())
                .set(USAGE_TOTAL.SPARKS, rated.getSparks())
                .set(USAGE_TOTAL.EVENTS, events)
                .onConflict(USAGE_TOTAL.CUSTOMER_ID, USAGE_TOTAL.PERIOD, USAGE_TOTAL.CATEGORY, USAGE_TOTAL.METRIC)
                .doUpdate()
                .set(USAGE_TOTAL.QUANTITY, USAGE_TOTAL.QUANTITY.plus(rated.getQuantity()))
                .set(USAGE_TOTAL.SPARKS, USAGE_TOTAL.SPARKS.plus(rated.getSparks()))
                .set(USAGE_TOTAL.EVENTS, USAGE_TOTAL.EVENTS.plus(events))
                .execute();
    }

    @Transactional(readOnly = true)
    public List<UsageTotal> totals(String customerId, BillingPeriod period) {
        return db.selectFrom(USAGE_TOTAL)
                .where(USAGE_TOTAL.CUSTOMER_ID.eq(customerId), USAGE_TOTAL.PERIOD.eq(period.toString()))
                .orderBy(USAGE_TOTAL.CATEGORY, USAGE_TOTAL.METRIC)
                .fetch(row -> new UsageTotal(row.getCategory(), row.getMetric(), row.getUnit(), row.getQuantity(),
                        row.getSparks(), row.getEvents()));
    }

    @Transactional(readOnly = true)
    public List<String> customersWithUsage(BillingPeriod period) {
        return db.selectDistinct(USAGE_TOTAL.CUSTOMER_ID)
                .from(USAGE_TOTAL)
                .where(USAGE_TOTAL.PERIOD.eq(period.toString()))
                .orderBy(USAGE_TOTAL.CUSTOMER_ID)
                .fetch(USAGE_TOTAL.CUSTOMER_ID);
    }

    /** How many rated events of {@code period} have been accounted, over all customers. */
    @Transactional(readOnly = true)
    public long eventsAccounted(BillingPeriod period) {
        return db.select(DSL.coalesce(DSL.sum(USAGE_TOTAL.EVENTS), java.math.BigDecimal.ZERO))
                .from(USAGE_TOTAL)
                .where(USAGE_TOTAL.PERIOD.eq(period.toString()))
                .fetchSingle()
                .value1()
                .longValue();
    }
}
