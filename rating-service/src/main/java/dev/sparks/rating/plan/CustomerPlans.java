package dev.sparks.rating.plan;

import static dev.sparks.rating.persistence.jooq.Tables.CUSTOMER_PLAN;

import dev.sparks.rating.RatingProperties;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each customer's plan as subscription-service last announced it, for Enterprise overrides. A
 * customer we have not heard of is on the default plan: rating never waits for subscription state.
 */
@Service
public class CustomerPlans {

    private final DSLContext db;
    private final String defaultPlan;

    CustomerPlans(DSLContext db, RatingProperties properties) {
        this.db = db;
        this.defaultPlan = properties.defaultPlan();
    }

    /** Applies a state unless a newer one was applied already (the compacted topic may replay old ones). */
    @Transactional
    public void apply(SubscriptionStateChanged state) {
        db.insertInto(CUSTOMER_PLAN)
                .set(CUSTOMER_PLAN.CUSTOMER_ID, state.getCustomerId())
                .set(CUSTOMER_PLAN.PLAN, state.getPlan())
                .set(CUSTOMER_PLAN.AS_OF, state.getOccurredAt().atOffset(ZoneOffset.UTC))
                .onConflict(CUSTOMER_PLAN.CUSTOMER_ID)
                .doUpdate()
                .set(CUSTOMER_PLAN.PLAN, state.getPlan())
                .set(CUSTOMER_PLAN.AS_OF, state.getOccurredAt().atOffset(ZoneOffset.UTC))
                .where(CUSTOMER_PLAN.AS_OF.le(state.getOccurredAt().atOffset(ZoneOffset.UTC)))
                .execute();
    }

    public Map<String, String> plansOf(Collection<String> customerIds) {
        Map<String, String> plans = new HashMap<>();
        customerIds.forEach(id -> plans.put(id, defaultPlan));
        db.select(CUSTOMER_PLAN.CUSTOMER_ID, CUSTOMER_PLAN.PLAN).from(CUSTOMER_PLAN)
                .where(CUSTOMER_PLAN.CUSTOMER_ID.in(customerIds))
                .forEach(row -> plans.put(row.value1(), row.value2()));
        return plans;
    }

    public String planOf(String customerId) {
        return plansOf(List.of(customerId)).get(customerId);
    }
}
