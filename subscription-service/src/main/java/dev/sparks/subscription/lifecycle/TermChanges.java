package dev.sparks.subscription.lifecycle;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;

import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.plan.PlanCatalog;
import dev.sparks.subscription.quota.Limits;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to what a customer's subscription includes, made by an admin: a custom quota for one
 * customer, or a plan's terms for every customer on it. Invoicing bills from subscription.state.v1
 * alone, so each change is announced there in the transaction that makes it; otherwise an
 * Enterprise customer's 5,000,000 custom Sparks would be enforced here and billed at the plan's
 * default there.
 */
@Service
public class TermChanges {

    private final DSLContext db;
    private final Limits limits;
    private final PlanCatalog catalog;
    private final StateAnnouncer announcer;

    TermChanges(DSLContext db, Limits limits, PlanCatalog catalog, StateAnnouncer announcer) {
        this.db = db;
        this.limits = limits;
        this.catalog = catalog;
        this.announcer = announcer;
    }

    @Transactional
    public void setCustomQuota(String customerId, Plan.Feature quota) {
        limits.setCustom(customerId, quota);
        announcer.announce(customerId, "quota_changed");
    }

    /** Saves the plan and announces the new terms of every customer on it, from now on. */
    @Transactional
    public Plan savePlan(Plan plan) {
        Plan saved = catalog.save(plan);
        db.select(CUSTOMER.CUSTOMER_ID).from(CUSTOMER).where(CUSTOMER.PLAN.eq(saved.planId())).orderBy(CUSTOMER.CUSTOMER_ID)
                .fetch(CUSTOMER.CUSTOMER_ID)
                .forEach(customerId -> announcer.announce(customerId, "plan_updated"));
        return saved;
    }
}
