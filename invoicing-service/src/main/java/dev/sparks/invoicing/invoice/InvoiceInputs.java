package dev.sparks.invoicing.invoice;

import static dev.sparks.invoicing.persistence.jooq.Tables.CLOSED_PERIOD;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE_ITEM;

import dev.sparks.invoicing.fee.SubscriptionFees;
import dev.sparks.invoicing.period.Period;
import dev.sparks.invoicing.persistence.jooq.tables.records.ClosedPeriodRecord;
import dev.sparks.invoicing.ratecard.RateCards;
import dev.sparks.invoicing.subscription.Snapshot;
import dev.sparks.invoicing.subscription.SubscriptionHistory;
import dev.sparks.invoicing.usage.LateUsage;
import dev.sparks.invoicing.usage.UsageTotal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/** Gathers what {@link InvoiceComposer} needs for one customer's period, whatever usage selection it is given. */
@Component
class InvoiceInputs {

    private final DSLContext db;
    private final SubscriptionHistory history;
    private final RateCards cards;

    InvoiceInputs(DSLContext db, SubscriptionHistory history, RateCards cards) {
        this.db = db;
        this.history = history;
        this.cards = cards;
    }

    /** {@code until}: the period's end when closing it, or now for a preview of a period still running. */
    InvoiceComposer.Inputs gather(String customerId, Period period, Instant until, List<UsageTotal> usage,
            List<LateUsage> late) {
        List<Snapshot> snapshots = history.during(customerId, period.start(), until);
        // The plan in effect at the end; for a period before the customer existed, the plan it was created on.
        Snapshot plan = snapshots.isEmpty() ? history.governing(customerId, until).orElse(null) : snapshots.getLast();
        return new InvoiceComposer.Inputs(SubscriptionFees.of(period, until, snapshots), usage,
                late.stream().map(each -> latePeriod(customerId, each)).toList(), plan, cards.effectiveAt(period.start()),
                pendingItems(customerId));
    }

    private LatePeriod latePeriod(String customerId, LateUsage late) {
        ClosedPeriodRecord closed = late.periodStart() == null ? null : db.selectFrom(CLOSED_PERIOD)
                .where(CLOSED_PERIOD.CUSTOMER_ID.eq(customerId),
                        CLOSED_PERIOD.PERIOD_START.eq(late.periodStart().atOffset(ZoneOffset.UTC)))
                .fetchOne();
        if (closed == null) {
            return new LatePeriod("an earlier period", null, late.sparks(), late.usd(), late.events(), BigDecimal.ZERO,
                    BigDecimal.ZERO, true);
        }
        Period period = new Period(closed.getPeriodStart().toInstant(), closed.getPeriodEnd().toInstant());
        return new LatePeriod(period.label(), period.start(), late.sparks(), late.usd(), late.events(), closed.getUsageSparks(),
                closed.getIncludedSparks(), closed.getOverageBilled());
    }

    private List<Item> pendingItems(String customerId) {
        return db.selectFrom(INVOICE_ITEM)
                .where(INVOICE_ITEM.CUSTOMER_ID.eq(customerId), INVOICE_ITEM.INVOICE_ID.isNull())
                .orderBy(INVOICE_ITEM.CREATED_AT, INVOICE_ITEM.ITEM_ID)
                .fetch(row -> new Item(row.getItemId(), row.getKind(), row.getDescription(), row.getQuantity(),
                        row.getAmountMinor()));
    }
}
