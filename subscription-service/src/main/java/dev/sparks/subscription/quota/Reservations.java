package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.QUOTA_RESERVATION;

import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.persistence.jooq.tables.records.QuotaReservationRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Usage that {@code quota/authorize} allowed and that has not arrived on usage.rated.v1 yet. It
 * counts against the limit until the usage arrives (which settles the oldest reservations first,
 * since rated events do not name the authorization) or the reservation lapses after
 * {@code reservation-ttl}, for apps that were authorized and then used less or nothing.
 */
@Service
public class Reservations {

    private final DSLContext db;
    private final Clock clock;
    private final SubscriptionProperties properties;

    Reservations(DSLContext db, Clock clock, SubscriptionProperties properties) {
        this.db = db;
        this.clock = clock;
        this.properties = properties;
    }

    public record Reservation(UUID id, OffsetDateTime expiresAt) {}

    public Reservation reserve(String customerId, String metric, BigDecimal amount) {
        OffsetDateTime now = now();
        Reservation reservation = new Reservation(UUID.randomUUID(), now.plus(properties.reservationTtl()));
        db.insertInto(QUOTA_RESERVATION)
                .set(QUOTA_RESERVATION.RESERVATION_ID, reservation.id())
                .set(QUOTA_RESERVATION.CUSTOMER_ID, customerId)
                .set(QUOTA_RESERVATION.METRIC, metric)
                .set(QUOTA_RESERVATION.REMAINING, amount)
                .set(QUOTA_RESERVATION.CREATED_AT, now)
                .set(QUOTA_RESERVATION.EXPIRES_AT, reservation.expiresAt())
                .execute();
        return reservation;
    }

    public BigDecimal open(String customerId, String metric) {
        return db.select(DSL.coalesce(DSL.sum(QUOTA_RESERVATION.REMAINING), BigDecimal.ZERO))
                .from(QUOTA_RESERVATION)
                .where(QUOTA_RESERVATION.CUSTOMER_ID.eq(customerId), QUOTA_RESERVATION.METRIC.eq(metric),
                        QUOTA_RESERVATION.EXPIRES_AT.gt(now()))
                .fetchSingle().value1();
    }

    /**
     * Usage arrived ({@code arrived}: amount per metric): it is no longer in flight, oldest
     * reservations first. Corrections (negative amounts) settle nothing. One query for all metrics.
     */
    public void settle(String customerId, Map<String, BigDecimal> arrived) {
        Map<String, BigDecimal> left = new HashMap<>();
        arrived.forEach((metric, amount) -> {
            if (amount.signum() > 0) {
                left.put(metric, amount);
            }
        });
        if (left.isEmpty()) {
            return;
        }
        for (QuotaReservationRecord reservation : db.selectFrom(QUOTA_RESERVATION)
                .where(QUOTA_RESERVATION.CUSTOMER_ID.eq(customerId), QUOTA_RESERVATION.METRIC.in(left.keySet()),
                        QUOTA_RESERVATION.EXPIRES_AT.gt(now()))
                .orderBy(QUOTA_RESERVATION.CREATED_AT)
                .forUpdate()
                .fetch()) {
            BigDecimal stillLeft = left.get(reservation.getMetric());
            if (stillLeft.signum() <= 0) {
                continue;
            }
            BigDecimal taken = stillLeft.min(reservation.getRemaining());
            left.put(reservation.getMetric(), stillLeft.subtract(taken));
            if (taken.compareTo(reservation.getRemaining()) == 0) {
                reservation.delete();
            } else {
                reservation.setRemaining(reservation.getRemaining().subtract(taken));
                reservation.store();
            }
        }
    }

    @Transactional
    public int deleteExpired() {
        return db.deleteFrom(QUOTA_RESERVATION).where(QUOTA_RESERVATION.EXPIRES_AT.le(now())).execute();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
