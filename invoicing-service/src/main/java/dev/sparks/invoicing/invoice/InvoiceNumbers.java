package dev.sparks.invoicing.invoice;

import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE_NUMBER_COUNTER;

import org.jooq.DSLContext;

/**
 * Sequential numbers without gaps, one series per document kind: taking a number locks the
 * series' counter row until the document's transaction ends, and a rollback gives the number back.
 */
class InvoiceNumbers {

    private final DSLContext db;

    InvoiceNumbers(DSLContext db) {
        this.db = db;
    }

    /** The series' next number; a series appears on first use (migrations seed the usual ones). */
    String next(String series) {
        Long value = increment(series);
        if (value == null) {
            db.insertInto(INVOICE_NUMBER_COUNTER)
                    .set(INVOICE_NUMBER_COUNTER.SERIES, series)
                    .set(INVOICE_NUMBER_COUNTER.LAST_VALUE, 0L)
                    .onConflictDoNothing()
                    .execute();
            value = increment(series);
        }
        return "%s-%06d".formatted(series, value);
    }

    /** One statement in the common case: the counter row is locked only from here to commit. */
    private Long increment(String series) {
        return db.update(INVOICE_NUMBER_COUNTER)
                .set(INVOICE_NUMBER_COUNTER.LAST_VALUE, INVOICE_NUMBER_COUNTER.LAST_VALUE.plus(1L))
                .where(INVOICE_NUMBER_COUNTER.SERIES.eq(series))
                .returning(INVOICE_NUMBER_COUNTER.LAST_VALUE)
                .fetchOptional(INVOICE_NUMBER_COUNTER.LAST_VALUE)
                .orElse(null);
    }
}
