package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;

import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.Plan;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Counts one rated event against its customer's quotas: Sparks, and the metric's quantity (which
 * a feature of the same name limits); settles what was in flight; announces thresholds and spikes.
 * Runs in the usage meter's transaction, once per event id.
 *
 * <p>Usage of a quota period that is already over (late LiveKit or Langfuse data, a backfill within
 * the ingest window) is counted in that period, but it announces nothing and settles nothing:
 * today's reservations are for today's usage, and a warning about a month that has ended helps
 * nobody.
 */
@Service
public class QuotaMeter {

    private final DSLContext db;
    private final Limits limits;
    private final QuotaCounters counters;
    private final Reservations reservations;
    private final Thresholds thresholds;
    private final SpikeDetector spikes;
    private final Clock clock;

    QuotaMeter(DSLContext db, Limits limits, QuotaCounters counters, Reservations reservations, Thresholds thresholds,
            SpikeDetector spikes, Clock clock) {
        this.clock = clock;
        this.db = db;
        this.limits = limits;
        this.counters = counters;
        this.reservations = reservations;
        this.thresholds = thresholds;
        this.spikes = spikes;
    }

    public void count(RatedUsageEvent rated) {
        String customerId = rated.getCustomerId();
        CustomerRecord customer = db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).fetchSingle();
        QuotaPeriod period = limits.period(customer, rated.getOccurredAt());
        String plan = customer.getPlan();
        BigDecimal sparksUsed = counters.add(customerId, period, Limits.SPARKS, rated.getSparks());
        BigDecimal quantityUsed = counters.add(customerId, period, rated.getMetric(), rated.getQuantity());
        if (!period.end().toInstant().isAfter(clock.instant())) {
            return;
        }
        Map<String, BigDecimal> arrived = new HashMap<>(Map.of(Limits.SPARKS, rated.getSparks()));
        arrived.merge(rated.getMetric(), rated.getQuantity(), BigDecimal::add);
        reservations.settle(customerId, arrived);
        Map<String, Plan.Feature> custom = limits.custom(customerId);
        thresholds.check(customerId, plan, period, Limits.SPARKS, sparksUsed, limits.includedSparks(customer, custom).amount());
        limits.feature(customer, rated.getMetric(), custom)
                .filter(feature -> feature.enabled() && feature.usageLimit() != null)
                .map(Plan.Feature::usageLimit)
                .ifPresent(limit -> thresholds.check(customerId, plan, period, rated.getMetric(), quantityUsed, limit));
        spikes.record(customerId, plan, rated.getOccurredAt(), rated.getSparks());
    }
}
