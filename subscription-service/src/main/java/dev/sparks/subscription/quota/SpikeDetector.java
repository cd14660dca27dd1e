package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.HOURLY_USAGE;
import static dev.sparks.subscription.persistence.jooq.Tables.SPIKE_ALERT;

import dev.sparks.platform.money.Sparks;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.notice.Notices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/**
 * A usage spike: an hour (UTC, by {@code occurred_at}) whose Sparks exceed {@code multiple} times
 * the average hour of the trailing {@code trailing-hours}, and at least {@code minimum-sparks}.
 * A customer without any trailing usage has no average to spike above. One alert per hour.
 *
 * <p>A spike alert is about now: an hour older than {@code max-age} when its usage arrives (a
 * backfill, a late upstream) is counted for later averages but raises no alert.
 */
@Service
public class SpikeDetector {

    private final DSLContext db;
    private final Notices notices;
    private final SubscriptionProperties.Spike settings;
    private final Clock clock;

    SpikeDetector(DSLContext db, Notices notices, SubscriptionProperties properties, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.notices = notices;
        this.settings = properties.spike();
    }

    public void record(String customerId, String plan, Instant occurredAt, BigDecimal sparks) {
        OffsetDateTime hour = occurredAt.truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        BigDecimal thisHour = db.insertInto(HOURLY_USAGE)
                .set(HOURLY_USAGE.CUSTOMER_ID, customerId)
                .set(HOURLY_USAGE.HOUR, hour)
                .set(HOURLY_USAGE.SPARKS, sparks)
                .onConflict(HOURLY_USAGE.CUSTOMER_ID, HOURLY_USAGE.HOUR).doUpdate()
                .set(HOURLY_USAGE.SPARKS, HOURLY_USAGE.SPARKS.plus(sparks))
                .returning(HOURLY_USAGE.SPARKS)
                .fetchSingle().getSparks();
        boolean stale = hour.toInstant().plus(Duration.ofHours(1)).plus(settings.maxAge()).isBefore(clock.instant());
        if (stale || thisHour.compareTo(settings.minimumSparks()) < 0) {
            return;
        }
        BigDecimal trailing = db.select(DSL.coalesce(DSL.sum(HOURLY_USAGE.SPARKS), BigDecimal.ZERO))
                .from(HOURLY_USAGE)
                .where(HOURLY_USAGE.CUSTOMER_ID.eq(customerId),
                        HOURLY_USAGE.HOUR.ge(hour.minusHours(settings.trailingHours())), HOURLY_USAGE.HOUR.lt(hour))
                .fetchSingle().value1();
        BigDecimal average = trailing.divide(BigDecimal.valueOf(settings.trailingHours()), 6, RoundingMode.HALF_EVEN);
        if (average.signum() <= 0 || thisHour.compareTo(average.multiply(settings.multiple())) <= 0) {
            return;
        }
        boolean first = db.insertInto(SPIKE_ALERT)
                .set(SPIKE_ALERT.CUSTOMER_ID, customerId)
                .set(SPIKE_ALERT.HOUR, hour)
                .onConflictDoNothing()
                .execute() == 1;
        if (first) {
            notices.publish(SubscriptionNoticeType.USAGE_SPIKE, customerId, plan,
                    "spike:" + customerId + ":" + hour.toInstant(), notice -> notice
                            .setMetric(Limits.SPARKS)
                            .setUsed(new Sparks(thisHour).amount())
                            .setLimit(new Sparks(average).amount())
                            .setPeriodStart(hour.toInstant())
                            .setPeriodEnd(hour.plusHours(1).toInstant())
                            .setDescription("This hour's Sparks are above " + settings.multiple()
                                    + "x the trailing hourly average (the limit field)"));
        }
    }
}
