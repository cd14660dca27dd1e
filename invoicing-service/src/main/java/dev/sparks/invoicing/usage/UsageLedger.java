package dev.sparks.invoicing.usage;

import static dev.sparks.invoicing.persistence.jooq.Tables.CLOSED_PERIOD;
import static dev.sparks.invoicing.persistence.jooq.Tables.RATED_USAGE;

import dev.sparks.invoicing.account.BillingAccounts;
import dev.sparks.invoicing.period.Period;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RatedUsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rated usage, one row per rated event or correction. An event is billed by the first invoice
 * closed after it arrives whose period ends after it occurred: its own period's invoice, or, if
 * that was already final, the next one as a late adjustment. The row then names that invoice,
 * which is what makes it billed once and only once.
 */
@Service
public class UsageLedger {

    static final String ORIGINAL = "original";
    static final String CORRECTION = "correction";

    private static final Field<Long> ORIGINALS = DSL.count().filterWhere(RATED_USAGE.KIND.eq(ORIGINAL)).cast(Long.class);

    private final DSLContext db;
    private final BillingAccounts accounts;

    UsageLedger(DSLContext db, BillingAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    /**
     * Call once per rated event, in the transaction that claims its id. A re-rating correction
     * carries a Sparks delta (possibly negative) and quantity 0, and is not a usage event of its own.
     */
    @Transactional
    public void record(RatedUsageEvent rated) {
        db.insertInto(RATED_USAGE)
                .set(RATED_USAGE.EVENT_ID, rated.getEventId())
                .set(RATED_USAGE.RAW_EVENT_ID, rated.getRawEventId())
                .set(RATED_USAGE.KIND, rated.getKind() == RatedUsageKind.CORRECTION ? CORRECTION : ORIGINAL)
                .set(RATED_USAGE.CUSTOMER_ID, rated.getCustomerId())
                .set(RATED_USAGE.OCCURRED_AT, utc(rated.getOccurredAt()))
                .set(RATED_USAGE.CATEGORY, rated.getCategory())
                .set(RATED_USAGE.METRIC, rated.getMetric())
                .set(RATED_USAGE.UNIT, rated.getUnit())
                .set(RATED_USAGE.QUANTITY, rated.getQuantity())
                .set(RATED_USAGE.SPARKS, rated.getSparks())
                .set(RATED_USAGE.USD, rated.getUsd())
                .onConflictDoNothing()
                .execute();
        accounts.cover(rated.getCustomerId(), rated.getOccurredAt());
    }

    /** Claims every unbilled event of the customer that occurred before {@code end} for the invoice; how many. */
    public int claimForInvoice(String customerId, Instant end, UUID invoiceId) {
        return db.update(RATED_USAGE)
                .set(RATED_USAGE.INVOICE_ID, invoiceId)
                .where(RATED_USAGE.CUSTOMER_ID.eq(customerId), RATED_USAGE.INVOICE_ID.isNull(),
                        RATED_USAGE.OCCURRED_AT.lt(utc(end)))
                .execute();
    }

    /** The period's own usage among what an invoice claimed, per metric. */
    public List<UsageTotal> claimedInPeriod(UUID invoiceId, Period period) {
        return totals(RATED_USAGE.INVOICE_ID.eq(invoiceId).and(RATED_USAGE.OCCURRED_AT.ge(utc(period.start()))));
    }

    /** What an invoice claimed from before its period, per earlier closed period. */
    public List<LateUsage> claimedLate(UUID invoiceId, String customerId, Period period) {
        return late(RATED_USAGE.INVOICE_ID.eq(invoiceId), customerId, period);
    }

    /** What the next invoice would bill for the period, were it closed now (a preview). */
    @Transactional(readOnly = true)
    public List<UsageTotal> unbilledInPeriod(String customerId, Period period) {
        return totals(unbilled(customerId, period.end()).and(RATED_USAGE.OCCURRED_AT.ge(utc(period.start()))));
    }

    @Transactional(readOnly = true)
    public List<LateUsage> unbilledLate(String customerId, Period period) {
        return late(unbilled(customerId, period.end()), customerId, period);
    }

    /** All of a customer's usage that occurred in [from, to), billed or not: what a usage report shows. */
    @Transactional(readOnly = true)
    public List<UsageTotal> occurred(String customerId, Instant from, Instant to) {
        return totals(RATED_USAGE.CUSTOMER_ID.eq(customerId)
                .and(RATED_USAGE.OCCURRED_AT.ge(utc(from)))
                .and(RATED_USAGE.OCCURRED_AT.lt(utc(to))));
    }

    /** How many rated events occurred in [from, to), over all customers (corrections are not events). */
    @Transactional(readOnly = true)
    public long eventsAccounted(Instant from, Instant to) {
        return db.selectCount().from(RATED_USAGE)
                .where(RATED_USAGE.KIND.eq(ORIGINAL), RATED_USAGE.OCCURRED_AT.ge(utc(from)), RATED_USAGE.OCCURRED_AT.lt(utc(to)))
                .fetchSingle().value1();
    }

    private Condition unbilled(String customerId, Instant end) {
        return RATED_USAGE.CUSTOMER_ID.eq(customerId)
                .and(RATED_USAGE.INVOICE_ID.isNull())
                .and(RATED_USAGE.OCCURRED_AT.lt(utc(end)));
    }

    private List<UsageTotal> totals(Condition which) {
        return db.select(RATED_USAGE.CATEGORY, RATED_USAGE.METRIC, RATED_USAGE.UNIT,
                        DSL.sum(RATED_USAGE.QUANTITY), DSL.sum(RATED_USAGE.SPARKS), DSL.sum(RATED_USAGE.USD), ORIGINALS)
                .from(RATED_USAGE)
                .where(which)
                .groupBy(RATED_USAGE.CATEGORY, RATED_USAGE.METRIC, RATED_USAGE.UNIT)
                .orderBy(RATED_USAGE.CATEGORY, RATED_USAGE.METRIC, RATED_USAGE.UNIT)
                .fetch(row -> new UsageTotal(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), row.value7()));
    }

    private List<LateUsage> late(Condition which, String customerId, Period period) {
        Field<OffsetDateTime> closedStart = CLOSED_PERIOD.PERIOD_START;
        return db.select(closedStart, DSL.sum(RATED_USAGE.SPARKS), DSL.sum(RATED_USAGE.USD), ORIGINALS)
                .from(RATED_USAGE)
                .leftJoin(CLOSED_PERIOD).on(CLOSED_PERIOD.CUSTOMER_ID.eq(customerId),
                        RATED_USAGE.OCCURRED_AT.ge(CLOSED_PERIOD.PERIOD_START),
                        RATED_USAGE.OCCURRED_AT.lt(CLOSED_PERIOD.PERIOD_END))
                .where(which.and(RATED_USAGE.OCCURRED_AT.lt(utc(period.start()))))
                .groupBy(closedStart)
                .orderBy(closedStart)
                .fetch(row -> new LateUsage(row.value1() == null ? null : row.value1().toInstant(),
                        orZero(row.value2()), orZero(row.value3()), row.value4()));
    }

    private static BigDecimal orZero(BigDecimal sum) {
        return sum == null ? BigDecimal.ZERO : sum;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
