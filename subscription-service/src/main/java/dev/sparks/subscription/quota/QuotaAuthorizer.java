package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;

import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.lifecycle.NoSuchCustomerException;
import dev.sparks.subscription.lifecycle.State;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.Plan;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * May customer C spend N Sparks, or use feature F, now? Answered from this service's own tables
 * (counters, reservations, plan), never from another service, so it stays fast and available.
 * What is allowed is reserved until the usage arrives or the reservation lapses, so a burst of
 * authorizations cannot overrun a limit the counters have not seen yet. Authorizations of one
 * customer are serialized by a transaction-scoped advisory lock on the customer id.
 *
 * <p>Sparks: below {@code warn-at-percent} of the included Sparks: allow; up to 100%: allow with
 * warning; beyond, plans with billed overage keep working (allow with warning), blocked plans get
 * their grace margin (allow with warning) and then deny. Features: disabled or not in the plan:
 * deny; within their usage limit: allow (warning near it); beyond: deny.
 */
@Service
public class QuotaAuthorizer {

    public enum Decision { ALLOW, ALLOW_WITH_WARNING, DENY }

    public record Request(String customerId, BigDecimal sparks, String feature, BigDecimal quantity) {}

    public record Answer(Decision decision, String reason, String metric, BigDecimal requested, BigDecimal used,
            BigDecimal reserved, BigDecimal limit, UUID reservationId) {}

    private final DSLContext db;
    private final Limits limits;
    private final QuotaCounters counters;
    private final Reservations reservations;
    private final Clock clock;
    private final BigDecimal warnShare;

    QuotaAuthorizer(DSLContext db, Limits limits, QuotaCounters counters, Reservations reservations, Clock clock,
            SubscriptionProperties properties) {
        this.db = db;
        this.limits = limits;
        this.counters = counters;
        this.reservations = reservations;
        this.clock = clock;
        this.warnShare = BigDecimal.valueOf(properties.warnAtPercent()).movePointLeft(2);
    }

    @Transactional
    public Answer authorize(Request request) {
        db.select(DSL.field("pg_advisory_xact_lock(hashtext({0}))", Object.class, request.customerId())).fetch();
        CustomerRecord customer = db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(request.customerId()))
                .fetchOptional().orElseThrow(() -> new NoSuchCustomerException(request.customerId()));
        State state = State.of(customer.getStatus());
        boolean feature = request.feature() != null;
        String metric = feature ? request.feature() : Limits.SPARKS;
        BigDecimal requested = feature ? request.quantity() : request.sparks();
        QuotaPeriod period = limits.period(customer, clock.instant());
        BigDecimal used = counters.used(customer.getCustomerId(), period, metric);
        BigDecimal reserved = reservations.open(customer.getCustomerId(), metric);
        if (state == State.PAUSED || state == State.CANCELED || state == State.EXPIRED) {
            return new Answer(Decision.DENY, "The subscription is " + state.code(), metric, requested, used, reserved,
                    null, null);
        }
        Answer answer = feature
                ? feature(customer, metric, requested, used, reserved)
                : sparks(customer, requested, used, reserved);
        if (answer.decision() == Decision.ALLOW && state == State.PAST_DUE) {
            answer = with(answer, Decision.ALLOW_WITH_WARNING, "Payment is past due");
        }
        if (answer.decision() != Decision.DENY && requested.signum() > 0) {
            UUID id = reservations.reserve(customer.getCustomerId(), metric, requested).id();
            answer = new Answer(answer.decision(), answer.reason(), metric, requested, used, reserved, answer.limit(), id);
        }
        return answer;
    }

    private Answer sparks(CustomerRecord customer, BigDecimal requested, BigDecimal used, BigDecimal reserved) {
        Plan plan = limits.plan(customer);
        BigDecimal limit = limits.includedSparks(customer).amount();
        BigDecimal projected = used.add(reserved).add(requested);
        Decision decision;
        String reason;
        if (projected.compareTo(limit.multiply(warnShare)) <= 0) {
            decision = Decision.ALLOW;
            reason = "Within the included Sparks";
        } else if (projected.compareTo(limit) <= 0) {
            decision = Decision.ALLOW_WITH_WARNING;
            reason = "Close to the included Sparks";
        } else if (plan.overageBilled()) {
            decision = Decision.ALLOW_WITH_WARNING;
            reason = "Beyond the included Sparks: overage is billed";
        } else if (projected.compareTo(limit.multiply(BigDecimal.ONE.add(plan.gracePercent().movePointLeft(2)))) <= 0) {
            decision = Decision.ALLOW_WITH_WARNING;
            reason = "Beyond the included Sparks, within the grace margin";
        } else {
            decision = Decision.DENY;
            reason = "The plan's Sparks limit is reached";
        }
        return new Answer(decision, reason, Limits.SPARKS, requested, used, reserved, limit, null);
    }

    private Answer feature(CustomerRecord customer, String name, BigDecimal requested, BigDecimal used, BigDecimal reserved) {
        Plan.Feature feature = limits.feature(customer, name).orElse(null);
        if (feature == null || !feature.enabled()) {
            return new Answer(Decision.DENY, "Feature " + name + " is not in the plan", name, requested, used, reserved,
                    null, null);
        }
        BigDecimal limit = feature.usageLimit();
        if (limit == null) {
            return new Answer(Decision.ALLOW, "Unlimited", name, requested, used, reserved, null, null);
        }
        BigDecimal projected = used.add(reserved).add(requested);
        if (projected.compareTo(limit) > 0) {
            return new Answer(Decision.DENY, "Feature " + name + " limit reached", name, requested, used, reserved, limit, null);
        }
        Decision decision = projected.compareTo(limit.multiply(warnShare)) <= 0 ? Decision.ALLOW : Decision.ALLOW_WITH_WARNING;
        return new Answer(decision, decision == Decision.ALLOW ? "Within the limit" : "Close to the limit", name, requested,
                used, reserved, limit, null);
    }

    private static Answer with(Answer answer, Decision decision, String reason) {
        return new Answer(decision, reason, answer.metric(), answer.requested(), answer.used(), answer.reserved(),
                answer.limit(), answer.reservationId());
    }
}
