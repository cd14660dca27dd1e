package dev.sparks.subscription.lifecycle;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.subscription.BillingInterval;
import dev.sparks.schemas.subscription.SubscriptionState;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.plan.PlanCatalog;
import dev.sparks.subscription.quota.Limits;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/** Publishes a customer's whole current subscription on subscription.state.v1 (compacted), via the outbox. */
@Service
public class StateAnnouncer {

    private final DSLContext db;
    private final Outbox outbox;
    private final Limits limits;
    private final PlanCatalog catalog;
    private final Clock clock;
    private final String producer;

    StateAnnouncer(DSLContext db, Outbox outbox, Limits limits, PlanCatalog catalog, Clock clock,
            PlatformProperties platform) {
        this.db = db;
        this.outbox = outbox;
        this.limits = limits;
        this.catalog = catalog;
        this.clock = clock;
        this.producer = platform.serviceName();
    }

    /** Call inside the transaction that made the change. */
    public CustomerRecord announce(String customerId, String transition) {
        CustomerRecord customer = db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).fetchSingle();
        Plan plan = catalog.get(customer.getPlan());
        SubscriptionStateChanged state = SubscriptionStateChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(customerId)
                .setProducer(producer)
                .setPlan(customer.getPlan())
                .setStatus(customer.getStatus())
                .setState(SubscriptionState.valueOf(customer.getStatus().toUpperCase()))
                .setIncludedSparks(limits.includedSparks(customer).amount())
                .setEmail(customer.getEmail())
                .setDisplayName(customer.getDisplayName())
                .setBillingInterval(BillingInterval.valueOf(customer.getBillingInterval().toUpperCase()))
                .setTrialEndsAt(instant(customer.getTrialEndsAt()))
                .setCurrentPeriodStart(instant(customer.getPeriodStart()))
                .setCurrentPeriodEnd(instant(customer.getPeriodEnd()))
                .setCancelAtPeriodEnd(customer.getCancelAtPeriodEnd())
                .setScheduledPlan(customer.getScheduledPlan())
                .setStripeCustomerId(customer.getStripeCustomerId())
                .setTransition(transition)
                .setMonthlyPriceMinor(plan.monthlyPrice().minorUnits())
                .setAnnualDiscountPercent(plan.annualDiscountPercent().setScale(4))
                .setCurrency(plan.monthlyPrice().currency())
                .setOverageBilled(plan.overageBilled())
                .setBillingAnchor(plan.anniversary() ? instant(customer.getQuotaAnchor()) : null)
                .setAuthSubject(customer.getAuth0Sub())
                .build();
        outbox.append(Topics.SUBSCRIPTION_STATE, customerId, state.getEventId(), state);
        return customer;
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
