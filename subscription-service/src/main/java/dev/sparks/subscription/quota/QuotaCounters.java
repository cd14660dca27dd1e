package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.QUOTA_COUNTER;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Per customer, quota period and metric: how much was used ({@code sparks}, or a metric's
 * quantity). A new period is a new row, so counters reset at the boundary by construction; usage
 * is counted in the period its {@code occurred_at} falls in. Corrections (negative amounts) just add.
 */
@Service
public class QuotaCounters {

    private final DSLContext db;
    private final Clock clock;

    QuotaCounters(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Adds {@code amount} and returns the new total. */
    public BigDecimal add(String customerId, QuotaPeriod period, String metric, BigDecimal amount) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return db.insertInto(QUOTA_COUNTER)
                .set(QUOTA_COUNTER.CUSTOMER_ID, customerId)
                .set(QUOTA_COUNTER.PERIOD_START, period.start())
                .set(QUOTA_COUNTER.METRIC, metric)
                .set(QUOTA_COUNTER.USED, amount)
                .set(QUOTA_COUNTER.EVENTS, 1L)
                .set(QUOTA_COUNTER.UPDATED_AT, now)
                .onConflict(QUOTA_COUNTER.CUSTOMER_ID, QUOTA_COUNTER.PERIOD_START, QUOTA_COUNTER.METRIC)
                .doUpdate()
                .set(QUOTA_COUNTER.USED, QUOTA_COUNTER.USED.plus(amount))
                .set(QUOTA_COUNTER.EVENTS, QUOTA_COUNTER.EVENTS.plus(1L))
                .set(QUOTA_COUNTER.UPDATED_AT, now)
                .returning(QUOTA_COUNTER.USED)
                .fetchSingle()
                .getUsed();
    }

    public BigDecimal used(String customerId, QuotaPeriod period, String metric) {
        return db.select(QUOTA_COUNTER.USED).from(QUOTA_COUNTER)
                .where(QUOTA_COUNTER.CUSTOMER_ID.eq(customerId), QUOTA_COUNTER.PERIOD_START.eq(period.start()),
                        QUOTA_COUNTER.METRIC.eq(metric))
                .fetchOptional(QUOTA_COUNTER.USED)
                .orElse(BigDecimal.ZERO);
    }

    /** Every metric's total in the period. */
    public Map<String, BigDecimal> all(String customerId, QuotaPeriod period) {
        return db.select(QUOTA_COUNTER.METRIC, QUOTA_COUNTER.USED).from(QUOTA_COUNTER)
                .where(QUOTA_COUNTER.CUSTOMER_ID.eq(customerId), QUOTA_COUNTER.PERIOD_START.eq(period.start()))
                .fetchMap(QUOTA_COUNTER.METRIC, QUOTA_COUNTER.USED);
    }
}
