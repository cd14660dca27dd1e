package dev.sparks.invoicing.reconciliation;

import static dev.sparks.invoicing.persistence.jooq.Tables.INGESTED_USAGE;
import static dev.sparks.invoicing.persistence.jooq.Tables.RATED_USAGE;
import static dev.sparks.invoicing.persistence.jooq.Tables.UNBILLED_INGEST;

import dev.sparks.invoicing.InvoicingProperties;
import dev.sparks.invoicing.period.BillingPeriod;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Follows a month's usage from ingestion through rating to invoices, per customer and metric, and
 * names every event that did not make it all the way. On a healthy system, once the month is
 * closed, every count and quantity agrees and the list of differences is empty. Its invoices' money
 * is reconciled too ({@link MoneyReconciliation}).
 */
@Service
public class Reconciliation {

    static final int MAX_DIFFERENCES = 1000;
    private static final String ORIGINAL = "original";
    private static final Comparator<List<String>> KEY_ORDER =
            Comparator.<List<String>, String>comparing(key -> key.get(0)).thenComparing(key -> key.get(1));

    private final DSLContext db;
    private final MoneyReconciliation money;
    private final String currency;

    Reconciliation(DSLContext db, MoneyReconciliation money, InvoicingProperties properties) {
        this.db = db;
        this.money = money;
        this.currency = properties.currency();
    }

    public record Count(long events, BigDecimal quantity) {
        static final Count NONE = new Count(0, BigDecimal.ZERO);
    }

    public record Row(String customerId, String metric, Count ingested, Count rated, Count invoiced) {
        public boolean agrees() {
            return ingested.events() == rated.events() && rated.events() == invoiced.events()
                    && ingested.quantity().compareTo(rated.quantity()) == 0
                    && rated.quantity().compareTo(invoiced.quantity()) == 0;
        }
    }

    /**
     * An event that stopped somewhere: {@code ingested_not_rated}, {@code rated_not_ingested},
     * {@code rated_not_invoiced}, or {@code ingested_not_billed} (ingestion received it but
     * dead-lettered it instead of publishing it), which also has a {@code reason} code such as
     * {@code customer_unresolved} and ingestion's {@code detail}; its customer and metric may be unknown.
     */
    public record Difference(String eventId, String customerId, String metric, String problem, String reason,
            String detail) {
        Difference(String eventId, String customerId, String metric, String problem) {
            this(eventId, customerId, metric, problem, null, null);
        }
    }

    /**
     * {@code balanced}: the usage agrees end to end (rows, no differences) and so does the money
     * ({@link MoneyReconciliation}: every cent invoiced is somewhere, what was collected is what was
     * paid, and no double charge).
     */
    public record Report(String month, boolean balanced, List<Row> rows, long differenceCount, List<Difference> differences,
            MoneyReconciliation.Money money) {}

    @Transactional(readOnly = true)
    public Report month(BillingPeriod month) {
        OffsetDateTime from = month.start().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = month.end().atOffset(ZoneOffset.UTC);
        Condition ingestedInMonth = INGESTED_USAGE.OCCURRED_AT.ge(from).and(INGESTED_USAGE.OCCURRED_AT.lt(to));
        Condition ratedInMonth = RATED_USAGE.KIND.eq(ORIGINAL)
                .and(RATED_USAGE.OCCURRED_AT.ge(from)).and(RATED_USAGE.OCCURRED_AT.lt(to));

        Map<List<String>, Count> ingested = counts(INGESTED_USAGE.CUSTOMER_ID, INGESTED_USAGE.METRIC,
                INGESTED_USAGE.QUANTITY, ingestedInMonth);
        Map<List<String>, Count> rated = counts(RATED_USAGE.CUSTOMER_ID, RATED_USAGE.METRIC, RATED_USAGE.QUANTITY,
                ratedInMonth);
        Map<List<String>, Count> invoiced = counts(RATED_USAGE.CUSTOMER_ID, RATED_USAGE.METRIC, RATED_USAGE.QUANTITY,
                ratedInMonth.and(RATED_USAGE.INVOICE_ID.isNotNull()));

        Map<List<String>, Row> rows = new TreeMap<>(KEY_ORDER);
        for (Map<List<String>, Count> side : List.of(ingested, rated, invoiced)) {
            for (List<String> key : side.keySet()) {
                rows.computeIfAbsent(key, k -> new Row(k.get(0), k.get(1), ingested.getOrDefault(k, Count.NONE),
                        rated.getOrDefault(k, Count.NONE), invoiced.getOrDefault(k, Count.NONE)));
            }
        }

        List<Difference> differences = new ArrayList<>();
        var ratedForRaw = DSL.selectOne().from(RATED_USAGE)
                .where(RATED_USAGE.RAW_EVENT_ID.eq(INGESTED_USAGE.EVENT_ID), RATED_USAGE.KIND.eq(ORIGINAL));
        differences.addAll(db.select(INGESTED_USAGE.EVENT_ID, INGESTED_USAGE.CUSTOMER_ID, INGESTED_USAGE.METRIC)
                .from(INGESTED_USAGE).where(ingestedInMonth, DSL.notExists(ratedForRaw))
                .orderBy(INGESTED_USAGE.EVENT_ID).limit(MAX_DIFFERENCES)
                .fetch(r -> new Difference(r.value1(), r.value2(), r.value3(), "ingested_not_rated")));
        var ingestedForRated = DSL.selectOne().from(INGESTED_USAGE).where(INGESTED_USAGE.EVENT_ID.eq(RATED_USAGE.RAW_EVENT_ID));
        differences.addAll(db.select(RATED_USAGE.RAW_EVENT_ID, RATED_USAGE.CUSTOMER_ID, RATED_USAGE.METRIC)
                .from(RATED_USAGE).where(ratedInMonth, DSL.notExists(ingestedForRated))
                .orderBy(RATED_USAGE.RAW_EVENT_ID).limit(MAX_DIFFERENCES)
                .fetch(r -> new Difference(r.value1(), r.value2(), r.value3(), "rated_not_ingested")));
        differences.addAll(db.select(RATED_USAGE.RAW_EVENT_ID, RATED_USAGE.CUSTOMER_ID, RATED_USAGE.METRIC)
                .from(RATED_USAGE).where(ratedInMonth, RATED_USAGE.INVOICE_ID.isNull())
                .orderBy(RATED_USAGE.RAW_EVENT_ID).limit(MAX_DIFFERENCES)
                .fetch(r -> new Difference(r.value1(), r.value2(), r.value3(), "rated_not_invoiced")));
        differences.addAll(db.selectFrom(UNBILLED_INGEST)
                .where(UNBILLED_INGEST.OCCURRED_AT.ge(from), UNBILLED_INGEST.OCCURRED_AT.lt(to))
                .orderBy(UNBILLED_INGEST.DEAD_LETTER_ID).limit(MAX_DIFFERENCES)
                .fetch(r -> new Difference(r.getDeadLetterId(), r.getCustomerId(), null, "ingested_not_billed", r.getReason(),
                        r.getDetail())));

        long differenceCount = rows.values().stream().mapToLong(row ->
                Math.abs(row.ingested().events() - row.rated().events()) + Math.abs(row.rated().events() - row.invoiced().events()))
                .sum()
                + db.fetchCount(UNBILLED_INGEST, UNBILLED_INGEST.OCCURRED_AT.ge(from), UNBILLED_INGEST.OCCURRED_AT.lt(to));
        MoneyReconciliation.Money cents = money.month(month, currency);
        boolean balanced = differences.isEmpty() && rows.values().stream().allMatch(Row::agrees) && cents.balanced();
        List<Difference> listed = differences.size() > MAX_DIFFERENCES ? differences.subList(0, MAX_DIFFERENCES) : differences;
        return new Report(month.toString(), balanced, List.copyOf(rows.values()), Math.max(differenceCount, differences.size()),
                List.copyOf(listed), cents);
    }

    private Map<List<String>, Count> counts(TableField<?, String> customer, TableField<?, String> metric,
            TableField<?, BigDecimal> quantity, Condition which) {
        Map<List<String>, Count> counts = new TreeMap<>(KEY_ORDER);
        db.select(customer, metric, DSL.count(), DSL.sum(quantity))
                .from(customer.getTable())
                .where(which)
                .groupBy(customer, metric)
                .forEach(r -> counts.put(List.of(r.value1(), r.value2()), new Count(r.value3(), r.value4())));
        return counts;
    }
}
