package dev.sparks.subscription.plan;

import dev.sparks.platform.money.Money;
import dev.sparks.platform.money.Sparks;
import dev.sparks.subscription.SubscriptionProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Period;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills an empty catalog from the shipped file ({@code sparks.subscription.catalog}). Only an
 * empty one, before any listener starts: after the first start the database, edited through the admin API, is the truth.
 */
@Component
class CatalogSeed implements InitializingBean {

    record SeedFile(List<SeedPlan> plans) {}

    record SeedPlan(String planId, String displayName, int tier, long monthlyPriceMinor, BigDecimal annualDiscountPercent,
            BigDecimal includedSparks, String overage, BigDecimal gracePercent, String trialPeriod, String trialEndBehavior,
            String quotaPeriod, List<Plan.Feature> features, SeedRateLimit rateLimit) {

        Plan toPlan() {
            return new Plan(planId, displayName, tier, new Money(Money.USD, monthlyPriceMinor), annualDiscountPercent,
                    new Sparks(includedSparks), overage, gracePercent, trialPeriod == null ? null : Period.parse(trialPeriod),
                    trialEndBehavior, quotaPeriod, features, rateLimit == null ? null : rateLimit.toRateLimit());
        }
    }

    record SeedRateLimit(int requests, String per, int burst) {

        RateLimit toRateLimit() {
            return new RateLimit(requests, RateLimit.Per.of(per), burst);
        }
    }

    private final PlanCatalog catalog;
    private final ResourceLoader resources;
    private final SubscriptionProperties properties;
    private final TransactionTemplate transactions;

    CatalogSeed(PlanCatalog catalog, ResourceLoader resources, SubscriptionProperties properties,
            TransactionTemplate transactions) {
        this.catalog = catalog;
        this.resources = resources;
        this.properties = properties;
        this.transactions = transactions;
    }

    /** Before the listeners start: every rule reads plans. */
    @Override
    public void afterPropertiesSet() {
        seedIfEmpty();
    }

    void seedIfEmpty() {
        transactions.executeWithoutResult(status -> {
            if (catalog.isEmpty()) {
                read().plans().forEach(plan -> catalog.save(plan.toPlan()));
            }
        });
        catalog.get(properties.defaultPlan());
    }

    private SeedFile read() {
        JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        try (InputStream in = resources.getResource(properties.catalog()).getInputStream()) {
            return json.readValue(in, SeedFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the plan catalog " + properties.catalog(), e);
        }
    }
}
