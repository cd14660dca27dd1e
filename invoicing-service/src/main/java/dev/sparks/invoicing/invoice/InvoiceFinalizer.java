package dev.sparks.invoicing.invoice;

import static dev.sparks.invoicing.persistence.jooq.Tables.CLOSED_PERIOD;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE_ITEM;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE_LINE;

import dev.sparks.invoicing.InvoicingProperties;
import dev.sparks.invoicing.account.BillingAccounts;
import dev.sparks.invoicing.period.Period;
import dev.sparks.invoicing.persistence.jooq.tables.records.BillingAccountRecord;
import dev.sparks.invoicing.usage.UsageLedger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closes one customer's open period, in a transaction of its own: the usage it claims, the
 * invoice with its lines and number, the closed-period record, the invoice-finalized event (outbox)
 * and the opening of the next period commit together or not at all. The account row is locked
 * with SKIP LOCKED, so two closers never work on the same customer, and a restart finds the
 * period either closed or still open, never half closed.
 */
@Service
public class InvoiceFinalizer {

    /** What closing a period did: the invoice's number, or empty when there was nothing to bill. */
    public record Closed(String customerId, Period period, Optional<String> invoiceNumber) {}

    private final DSLContext db;
    private final BillingAccounts accounts;
    private final UsageLedger usage;
    private final InvoiceInputs inputs;
    private final InvoiceEvents events;
    private final InvoiceNumbers numbers;
    private final Clock clock;
    private final InvoicingProperties properties;

    InvoiceFinalizer(DSLContext db, BillingAccounts accounts, UsageLedger usage, InvoiceInputs inputs,
            InvoiceEvents events, Clock clock, InvoicingProperties properties) {
        this.db = db;
        this.accounts = accounts;
        this.usage = usage;
        this.inputs = inputs;
        this.events = events;
        this.numbers = new InvoiceNumbers(db);
        this.clock = clock;
        this.properties = properties;
    }

    /** Closes the customer's open period if it ended at or before {@code endedBy}; empty if not due or taken. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Optional<Closed> closeOpenPeriod(String customerId, Instant endedBy) {
        Optional<BillingAccountRecord> locked = accounts.tryLock(customerId);
        if (locked.isEmpty() || locked.get().getPeriodEnd().toInstant().isAfter(endedBy)) {
            return Optional.empty();
        }
        BillingAccountRecord account = locked.get();
        Period period = BillingAccounts.period(account);
        UUID invoiceId = invoiceId(customerId, period);
        usage.claimForInvoice(customerId, period.end(), invoiceId);
        InvoiceComposer.Draft draft = InvoiceComposer.compose(inputs.gather(customerId, period, period.end(),
                usage.claimedInPeriod(invoiceId, period), usage.claimedLate(invoiceId, customerId, period)));
        Optional<String> number = draft.isEmpty() ? Optional.empty() : Optional.of(store(invoiceId, account, period, draft));
        recordClosed(customerId, period, draft, number.isPresent() ? invoiceId : null);
        accounts.advance(account);
        return Optional.of(new Closed(customerId, period, number));
    }

    private String store(UUID invoiceId, BillingAccountRecord account, Period period, InvoiceComposer.Draft draft) {
        String status = draft.totalMinor() == 0 ? InvoiceStatus.PAID : InvoiceStatus.FINALIZED;
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        String number = numbers.next(properties.numberSeries());
        db.insertInto(INVOICE)
                .set(INVOICE.INVOICE_ID, invoiceId)
                .set(INVOICE.INVOICE_NUMBER, number)
                .set(INVOICE.CUSTOMER_ID, account.getCustomerId())
                .set(INVOICE.PERIOD, period.label())
                .set(INVOICE.PERIOD_START, period.start().atOffset(ZoneOffset.UTC))
                .set(INVOICE.PERIOD_END, period.end().atOffset(ZoneOffset.UTC))
                .set(INVOICE.STATUS, status)
                .set(INVOICE.STATUS_CHANGED_AT, now)
                .set(INVOICE.CURRENCY, properties.currency())
                .set(INVOICE.TOTAL_SPARKS, draft.usageSparks())
                .set(INVOICE.TOTAL_MINOR, draft.totalMinor())
                .set(INVOICE.FINALIZED_AT, now)
                .execute();
        List<Line> lines = draft.lines();
        var insert = db.insertInto(INVOICE_LINE, INVOICE_LINE.INVOICE_ID, INVOICE_LINE.LINE_NO, INVOICE_LINE.SECTION,
                INVOICE_LINE.DESCRIPTION, INVOICE_LINE.CATEGORY, INVOICE_LINE.METRIC, INVOICE_LINE.QUANTITY,
                INVOICE_LINE.UNIT, INVOICE_LINE.SPARKS, INVOICE_LINE.AMOUNT_MINOR);
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            insert = insert.values(invoiceId, i + 1, line.section(), line.description(), line.section(), line.metric(),
                    line.quantity(), line.unit(), line.sparks(), line.amountMinor());
        }
        insert.execute();
        for (Item item : draft.consumedItems()) {
            db.update(INVOICE_ITEM).set(INVOICE_ITEM.INVOICE_ID, invoiceId)
                    .where(INVOICE_ITEM.ITEM_ID.eq(item.itemId())).execute();
        }
        if (draft.carriedCredit() != null) {
            Item credit = draft.carriedCredit();
            db.insertInto(INVOICE_ITEM)
                    .set(INVOICE_ITEM.ITEM_ID, credit.itemId())
                    .set(INVOICE_ITEM.CUSTOMER_ID, account.getCustomerId())
                    .set(INVOICE_ITEM.KIND, credit.kind())
                    .set(INVOICE_ITEM.DESCRIPTION, credit.description() + " from " + number)
                    .set(INVOICE_ITEM.QUANTITY, credit.quantity())
                    .set(INVOICE_ITEM.AMOUNT_MINOR, credit.amountMinor())
                    .set(INVOICE_ITEM.CREATED_AT, now)
                    .execute();
        }
        events.finalized(new Invoices.Invoice(new Invoices.Summary(invoiceId.toString(), number, account.getCustomerId(),
                period.label(), period.start(), period.end(), status, properties.currency(), draft.totalMinor(), 0, 0,
                now.toInstant()), draft.usageSparks(), draft.lines(), List.of()));
        return number;
    }

    /** This period, as late usage of it will be measured; and earlier periods now billed for their late usage. */
    private void recordClosed(String customerId, Period period, InvoiceComposer.Draft draft, UUID invoiceId) {
        db.insertInto(CLOSED_PERIOD)
                .set(CLOSED_PERIOD.CUSTOMER_ID, customerId)
                .set(CLOSED_PERIOD.PERIOD_START, period.start().atOffset(ZoneOffset.UTC))
                .set(CLOSED_PERIOD.PERIOD_END, period.end().atOffset(ZoneOffset.UTC))
                .set(CLOSED_PERIOD.INCLUDED_SPARKS, draft.includedSparks())
                .set(CLOSED_PERIOD.OVERAGE_BILLED, draft.overageBilled())
                .set(CLOSED_PERIOD.USAGE_SPARKS, draft.usageSparks())
                .set(CLOSED_PERIOD.INVOICE_ID, invoiceId)
                .set(CLOSED_PERIOD.CLOSED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
        for (LatePeriod late : draft.late()) {
            if (late.periodStart() != null) {
                db.update(CLOSED_PERIOD)
                        .set(CLOSED_PERIOD.USAGE_SPARKS, CLOSED_PERIOD.USAGE_SPARKS.plus(late.lateSparks()))
                        .where(CLOSED_PERIOD.CUSTOMER_ID.eq(customerId),
                                CLOSED_PERIOD.PERIOD_START.eq(late.periodStart().atOffset(ZoneOffset.UTC)))
                        .execute();
            }
        }
    }

    /** One invoice per customer and period: its id is derived from them, so a second close finds it. */
    static UUID invoiceId(String customerId, Period period) {
        return UUID.nameUUIDFromBytes(("invoice|" + customerId + "|" + period.start()).getBytes(StandardCharsets.UTF_8));
    }
}
