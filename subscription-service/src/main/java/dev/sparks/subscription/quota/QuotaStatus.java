package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;

import dev.sparks.subscription.lifecycle.NoSuchCustomerException;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.Plan;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A customer's quotas right now: the current period's counters against its limits. */
@Service
public class QuotaStatus {

    public record FeatureUsage(boolean enabled, BigDecimal usageLimit, BigDecimal used) {}

    public record Status(String customerId, String plan, String state, QuotaPeriod period, BigDecimal usedSparks,
            BigDecimal includedSparks, BigDecimal remainingSparks, BigDecimal reservedSparks, String overage,
            BigDecimal gracePercent, Map<String, FeatureUsage> features) {}

    private final DSLContext db;
    private final Limits limits;
    private final QuotaCounters counters;
    private final Reservations reservations;
    private final Clock clock;

    QuotaStatus(DSLContext db, Limits limits, QuotaCounters counters, Reservations reservations, Clock clock) {
        this.db = db;
        this.limits = limits;
        this.counters = counters;
        this.reservations = reservations;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Status of(String customerId) {
        CustomerRecord customer = db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).fetchOptional()
                .orElseThrow(() -> new NoSuchCustomerException(customerId));
        Plan plan = limits.plan(customer);
        QuotaPeriod period = limits.period(customer, clock.instant());
        Map<String, BigDecimal> used = counters.all(customerId, period);
        BigDecimal usedSparks = used.getOrDefault(Limits.SPARKS, BigDecimal.ZERO);
        BigDecimal included = limits.includedSparks(customer).amount();
        Map<String, FeatureUsage> features = new LinkedHashMap<>();
        limits.features(customer).forEach((name, feature) -> features.put(name,
                new FeatureUsage(feature.enabled(), feature.usageLimit(), used.getOrDefault(name, BigDecimal.ZERO))));
        return new Status(customerId, plan.planId(), customer.getStatus(), period, usedSparks, included,
                included.subtract(usedSparks).max(BigDecimal.ZERO), reservations.open(customerId, Limits.SPARKS),
                plan.overage(), plan.gracePercent(), features);
    }
}
