package dev.sparks.subscription.plan;

import static dev.sparks.subscription.persistence.jooq.Tables.PLAN;
import static dev.sparks.subscription.persistence.jooq.Tables.PLAN_FEATURE;

import dev.sparks.platform.money.Money;
import dev.sparks.platform.money.Sparks;
import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.persistence.jooq.tables.records.PlanRecord;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The plan catalog in the database: read by every rule (each rated event, each quota check), so
 * plans are cached for {@link #CACHE_TTL_NANOS}; a change made here clears this instance's cache at
 * once, other instances see it within the TTL.
 */
@Service
public class PlanCatalog {

    private static final long CACHE_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private record Cached(Plan plan, long loadedAt) {}

    private final DSLContext db;
    private final String defaultPlan;
    private final java.util.Map<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    PlanCatalog(DSLContext db, SubscriptionProperties properties) {
        this.db = db;
        this.defaultPlan = properties.defaultPlan();
    }

    public String defaultPlan() {
        return defaultPlan;
    }

    public Optional<Plan> find(String planId) {
        Cached cached = cache.get(planId);
        if (cached != null && System.nanoTime() - cached.loadedAt() < CACHE_TTL_NANOS) {
            return Optional.of(cached.plan());
        }
        Optional<Plan> loaded = db.selectFrom(PLAN).where(PLAN.PLAN_ID.eq(planId)).fetchOptional().map(this::toPlan);
        loaded.ifPresent(plan -> cache.put(planId, new Cached(plan, System.nanoTime())));
        return loaded;
    }

    public Plan get(String planId) {
        return find(planId).orElseThrow(() -> new UnknownPlanException(planId));
    }

    @Transactional(readOnly = true)
    public List<Plan> all() {
        return db.selectFrom(PLAN).orderBy(PLAN.TIER).fetch().map(this::toPlan);
    }

    /** Creates or replaces a plan and its features. */
    @Transactional
    public Plan save(Plan plan) {
        PlanRecord row = db.newRecord(PLAN);
        row.setPlanId(plan.planId());
        row.setDisplayName(plan.displayName());
        row.setTier(plan.tier());
        row.setMonthlyPriceMinor(plan.monthlyPrice().minorUnits());
        row.setAnnualDiscountPercent(plan.annualDiscountPercent());
        row.setIncludedSparks(plan.includedSparks().amount());
        row.setOverage(plan.overage());
        row.setGracePercent(plan.gracePercent());
        row.setTrialPeriod(plan.trialPeriod() == null ? null : plan.trialPeriod().toString());
        row.setTrialEndBehavior(plan.trialEndBehavior());
        row.setQuotaPeriod(plan.quotaPeriod());
        RateLimit rateLimit = plan.rateLimit();
        row.setRateLimitRequests(rateLimit == null ? null : rateLimit.requests());
        row.setRateLimitPer(rateLimit == null ? null : rateLimit.per().code());
        row.setRateLimitBurst(rateLimit == null ? null : rateLimit.burst());
        db.insertInto(PLAN).set(row).onConflict(PLAN.PLAN_ID).doUpdate().set(row).execute();
        plan.features().forEach(feature -> saveFeature(plan.planId(), feature));
        cache.clear();
        return get(plan.planId());
    }

    @Transactional
    public void saveFeature(String planId, Plan.Feature feature) {
        db.insertInto(PLAN_FEATURE)
                .set(PLAN_FEATURE.PLAN_ID, planId)
                .set(PLAN_FEATURE.FEATURE, feature.feature())
                .set(PLAN_FEATURE.ENABLED, feature.enabled())
                .set(PLAN_FEATURE.USAGE_LIMIT, feature.usageLimit())
                .onConflict(PLAN_FEATURE.PLAN_ID, PLAN_FEATURE.FEATURE).doUpdate()
                .set(PLAN_FEATURE.ENABLED, feature.enabled())
                .set(PLAN_FEATURE.USAGE_LIMIT, feature.usageLimit())
                .execute();
        cache.clear();
    }

    @Transactional(readOnly = true)
    public boolean isEmpty() {
        return db.fetchCount(PLAN) == 0;
    }

    private Plan toPlan(PlanRecord row) {
        List<Plan.Feature> features = db.selectFrom(PLAN_FEATURE)
                .where(PLAN_FEATURE.PLAN_ID.eq(row.getPlanId()))
                .orderBy(PLAN_FEATURE.FEATURE)
                .fetch(feature -> new Plan.Feature(feature.getFeature(), feature.getEnabled(), feature.getUsageLimit()));
        return new Plan(row.getPlanId(), row.getDisplayName(), row.getTier(), new Money(Money.USD, row.getMonthlyPriceMinor()),
                row.getAnnualDiscountPercent(), new Sparks(row.getIncludedSparks()), row.getOverage(), row.getGracePercent(),
                row.getTrialPeriod() == null ? null : Period.parse(row.getTrialPeriod()), row.getTrialEndBehavior(),
                row.getQuotaPeriod(), features,
                RateLimit.ofColumns(row.getRateLimitRequests(), row.getRateLimitPer(), row.getRateLimitBurst()));
    }
}
