package dev.sparks.invoicing.invoice;

import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE;
import static dev.sparks.invoicing.persistence.jooq.Tables.INVOICE_LINE;

import dev.sparks.invoicing.InvoicingProperties;
import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.invoicing.usage.UsageLedger;
import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.invoice.InvoiceLine;
import dev.sparks.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finalizes one customer's invoice for one period, in a transaction of its own: the invoice, its
 * lines, its number and the invoice-finalized event (outbox) commit together or not at all.
 */
@Service
public class InvoiceFinalizer {

    static final String FINALIZED = "finalized";

    private final DSLContext db;
    private final UsageLedger ledger;
    private final Charges charges;
    private final InvoiceNumbers numbers;
    private final Outbox outbox;
    private final Clock clock;
    private final String producer;
    private final String currency;

    InvoiceFinalizer(DSLContext db, UsageLedger ledger, Outbox outbox, Clock clock, InvoicingProperties properties,
            PlatformProperties platform) {
        this.db = db;
        this.ledger = ledger;
        this.charges = new Charges(properties.usdPerSpark());
        this.numbers = new InvoiceNumbers(db, properties.numberSeries());
        this.outbox = outbox;
        this.clock = clock;
        this.producer = platform.serviceName();
        this.currency = properties.currency();
    }

    /** The invoice's number, or empty if this customer's period was already invoiced. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Optional<String> finalizeInvoice(String customerId, BillingPeriod period) {
        UUID invoiceId = invoiceId(customerId, period);
        boolean exists = db.fetchExists(INVOICE, INVOICE.INVOICE_ID.eq(invoiceId));
        if (exists) {
            return Optional.empty();
        }
        Charges.Priced priced = charges.price(ledger.totals(customerId, period));
        String number = numbers.next();
        db.insertInto(INVOICE)
                .set(INVOICE.INVOICE_ID, invoiceId)
                .set(INVOICE.INVOICE_NUMBER, number)
                .set(INVOICE.CUSTOMER_ID, customerId)
                .set(INVOICE.PERIOD, period.toString())
                .set(INVOICE.STATUS, FINALIZED)
                .set(INVOICE.CURRENCY, currency)
                .set(INVOICE.TOTAL_SPARKS, priced.totalSparks().amount())
                .set(INVOICE.TOTAL_MINOR, priced.total().minorUnits())
                .set(INVOICE.FINALIZED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
        List<Charge> lines = priced.lines();
        for (int i = 0; i < lines.size(); i++) {
            Charge line = lines.get(i);
            db.insertInto(INVOICE_LINE)
                    .set(INVOICE_LINE.INVOICE_ID, invoiceId)
                    .set(INVOICE_LINE.LINE_NO, i + 1)
                    .set(INVOICE_LINE.DESCRIPTION, line.description())
                    .set(INVOICE_LINE.CATEGORY, line.category())
                    .set(INVOICE_LINE.QUANTITY, line.quantity())
                    .set(INVOICE_LINE.SPARKS, line.sparks())
                    .set(INVOICE_LINE.AMOUNT_MINOR, line.amount().minorUnits())
                    .execute();
        }
        InvoiceEvent finalized = finalizedEvent(invoiceId, number, customerId, period, priced);
        outbox.append(Topics.INVOICE_EVENTS, customerId, finalized.getEventId(), finalized);
        return Optional.of(number);
    }

    private InvoiceEvent finalizedEvent(UUID invoiceId, String number, String customerId, BillingPeriod period,
            Charges.Priced priced) {
        return InvoiceEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("finalized|" + invoiceId).getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(customerId)
                .setProducer(producer)
                .setType(InvoiceEventType.FINALIZED)
                .setInvoiceId(invoiceId.toString())
                .setInvoiceNumber(number)
                .setPeriod(period.toString())
                .setCurrency(currency)
                .setTotalMinor(priced.total().minorUnits())
                .setTotalSparks(priced.totalSparks().amount())
                .setLines(priced.lines().stream().map(line -> InvoiceLine.newBuilder()
                        .setDescription(line.description())
                        .setCategory(line.category())
                        .setQuantity(line.quantity())
                        .setSparks(line.sparks())
                        .setAmountMinor(line.amount().minorUnits())
                        .build()).toList())
                .build();
    }

    /** One invoice per customer and period: its id is derived from them, so a second close finds it. */
    static UUID invoiceId(String customerId, BillingPeriod period) {
        return UUID.nameUUIDFromBytes(("invoice|" + customerId + "|" + period).getBytes(StandardCharsets.UTF_8));
    }
}
