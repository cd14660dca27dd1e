package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER_QUOTA;

import dev.sparks.platform.money.Sparks;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.plan.PlanCatalog;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a customer may use: its plan's features and included Sparks, overridden per customer by
 * custom quotas (Enterprise). The pseudo-feature {@code sparks} overrides the included Sparks.
 */
@Service
public class Limits {

    public static final String SPARKS = "sparks";

    private final DSLContext db;
    private final PlanCatalog catalog;

    Limits(DSLContext db, PlanCatalog catalog) {
        this.db = db;
        this.catalog = catalog;
    }

    public Plan plan(CustomerRecord customer) {
        return catalog.get(customer.getPlan());
    }

    public Sparks includedSparks(CustomerRecord customer) {
        return custom(customer.getCustomerId(), SPARKS)
                .map(quota -> quota.usageLimit() == null ? null : new Sparks(quota.usageLimit()))
                .orElseGet(() -> plan(customer).includedSparks());
    }

    /** The customer's custom quotas by feature, in one query, for callers that need several limits. */
    public Map<String, Plan.Feature> custom(String customerId) {
        Map<String, Plan.Feature> custom = new LinkedHashMap<>();
        db.selectFrom(CUSTOMER_QUOTA).where(CUSTOMER_QUOTA.CUSTOMER_ID.eq(customerId)).forEach(quota -> custom.put(
                quota.getFeature(), new Plan.Feature(quota.getFeature(), quota.getEnabled(), quota.getUsageLimit())));
        return custom;
    }

    public Sparks includedSparks(CustomerRecord customer, Map<String, Plan.Feature> custom) {
        Plan.Feature sparks = custom.get(SPARKS);
        return sparks != null && sparks.usageLimit() != null ? new Sparks(sparks.usageLimit()) : plan(customer).includedSparks();
    }

    public Optional<Plan.Feature> feature(CustomerRecord customer, String name, Map<String, Plan.Feature> custom) {
        return name.equals(SPARKS) ? Optional.empty()
                : Optional.ofNullable(custom.get(name)).or(() -> plan(customer).feature(name));
    }

    /** The plan's features with the customer's custom quotas applied, by name. */
    @Transactional(readOnly = true)
    public Map<String, Plan.Feature> features(CustomerRecord customer) {
        Map<String, Plan.Feature> features = new LinkedHashMap<>();
        plan(customer).features().forEach(feature -> features.put(feature.feature(), feature));
        db.selectFrom(CUSTOMER_QUOTA).where(CUSTOMER_QUOTA.CUSTOMER_ID.eq(customer.getCustomerId()),
                        CUSTOMER_QUOTA.FEATURE.ne(SPARKS))
                .forEach(quota -> features.put(quota.getFeature(),
                        new Plan.Feature(quota.getFeature(), quota.getEnabled(), quota.getUsageLimit())));
        return features;
    }

    public Optional<Plan.Feature> feature(CustomerRecord customer, String name) {
        return Optional.ofNullable(features(customer).get(name));
    }

    @Transactional
    public void setCustom(String customerId, Plan.Feature quota) {
        db.insertInto(CUSTOMER_QUOTA)
                .set(CUSTOMER_QUOTA.CUSTOMER_ID, customerId)
                .set(CUSTOMER_QUOTA.FEATURE, quota.feature())
                .set(CUSTOMER_QUOTA.ENABLED, quota.enabled())
                .set(CUSTOMER_QUOTA.USAGE_LIMIT, quota.usageLimit())
                .onConflict(CUSTOMER_QUOTA.CUSTOMER_ID, CUSTOMER_QUOTA.FEATURE).doUpdate()
                .set(CUSTOMER_QUOTA.ENABLED, quota.enabled())
                .set(CUSTOMER_QUOTA.USAGE_LIMIT, quota.usageLimit())
                .execute();
    }

    /** The quota period containing {@code at} for this customer's plan. */
    public QuotaPeriod period(CustomerRecord customer, Instant at) {
        return plan(customer).anniversary() && customer.getQuotaAnchor() != null
                ? QuotaPeriod.anniversary(customer.getQuotaAnchor(), at)
                : QuotaPeriod.calendarMonth(at);
    }

    private Optional<Plan.Feature> custom(String customerId, String feature) {
        return db.selectFrom(CUSTOMER_QUOTA)
                .where(CUSTOMER_QUOTA.CUSTOMER_ID.eq(customerId), CUSTOMER_QUOTA.FEATURE.eq(feature))
                .fetchOptional(quota -> new Plan.Feature(quota.getFeature(), quota.getEnabled(), quota.getUsageLimit()));
    }
}
