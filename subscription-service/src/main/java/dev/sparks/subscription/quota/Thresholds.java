package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.THRESHOLD_CROSSING;

import dev.sparks.platform.money.Sparks;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.notice.Notices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Announces the first time in a period that usage reaches 80, 90 and 100% of an allowance. "First
 * time" is a row in {@code threshold_crossing}, inserted in the transaction that counts the usage:
 * a duplicated event never gets here (the stage claims its id), and usage that dips below (a
 * correction) and rises again does not announce twice.
 *
 * <p>Usage that crosses several marks at once (one large event, or a batch) is one notice, for the
 * highest mark it crossed, with the real usage; the lower marks are recorded as passed so they are
 * never announced afterwards. A customer hears "you have used 125%", not three mails in a second.
 */
@Service
public class Thresholds {

    private final DSLContext db;
    private final Notices notices;
    private final Clock clock;
    private final List<Integer> percents;

    Thresholds(DSLContext db, Notices notices, Clock clock, SubscriptionProperties properties) {
        this.db = db;
        this.notices = notices;
        this.clock = clock;
        this.percents = properties.thresholds().stream().sorted().toList();
    }

    public void check(String customerId, String plan, QuotaPeriod period, String metric, BigDecimal used, BigDecimal limit) {
        if (limit == null || limit.signum() <= 0) {
            return;
        }
        Integer highestNewlyCrossed = null;
        for (int percent : percents) {
            BigDecimal mark = limit.multiply(BigDecimal.valueOf(percent)).movePointLeft(2);
            if (used.compareTo(mark) < 0) {
                break;
            }
            if (recordCrossing(customerId, period, metric, percent)) {
                highestNewlyCrossed = percent;
            }
        }
        if (highestNewlyCrossed != null) {
            int percent = highestNewlyCrossed;
            String reference = "threshold:" + customerId + ":" + period.start().toInstant() + ":" + metric + ":" + percent;
            notices.publish(SubscriptionNoticeType.THRESHOLD_CROSSED, customerId, plan, reference, notice -> notice
                    .setMetric(metric)
                    .setThresholdPercent(percent)
                    .setUsed(new Sparks(used).amount())
                    .setLimit(new Sparks(limit).amount())
                    .setPeriodStart(period.start().toInstant())
                    .setPeriodEnd(period.end().toInstant())
                    .setDescription(usedPercent(used, limit) + "% of the allowance used"));
        }
    }

    /** True the first time this mark is passed in the period. */
    private boolean recordCrossing(String customerId, QuotaPeriod period, String metric, int percent) {
        return db.insertInto(THRESHOLD_CROSSING)
                .set(THRESHOLD_CROSSING.CUSTOMER_ID, customerId)
                .set(THRESHOLD_CROSSING.PERIOD_START, period.start())
                .set(THRESHOLD_CROSSING.METRIC, metric)
                .set(THRESHOLD_CROSSING.THRESHOLD, percent)
                .set(THRESHOLD_CROSSING.CROSSED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute() == 1;
    }

    /** Whole percent, rounded down: 124.9% used is "124%", never a mark not yet reached. */
    static BigDecimal usedPercent(BigDecimal used, BigDecimal limit) {
        return used.movePointRight(2).divide(limit, 0, RoundingMode.DOWN);
    }
}
