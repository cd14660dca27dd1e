package dev.sparks.invoicing.invoice;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.invoice.InvoiceLine;
import dev.sparks.schemas.topic.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Announces what happened to an invoice on invoice.events.v1, through the outbox: call inside the
 * transaction that made the change. Event ids derive from the invoice and the change, so a change
 * that is somehow made twice announces the same event.
 */
@Component
class InvoiceEvents {

    private final Invoices invoices;
    private final Outbox outbox;
    private final Clock clock;
    private final String producer;

    InvoiceEvents(Invoices invoices, Outbox outbox, Clock clock, PlatformProperties platform) {
        this.invoices = invoices;
        this.outbox = outbox;
        this.clock = clock;
        this.producer = platform.serviceName();
    }

    /** {@code invoice} as just stored, so announcing it reads nothing back. */
    void finalized(Invoices.Invoice invoice) {
        publish(event(invoice, InvoiceEventType.FINALIZED, "finalized").setLines(lines(invoice.lines())).build());
    }

    void statusChanged(UUID invoiceId, InvoiceEventType type, String reason) {
        statusChanged(invoiceId, type, reason, type.name());
    }

    /** {@code change} names the change in the event id, for a status an invoice can reach more than once. */
    void statusChanged(UUID invoiceId, InvoiceEventType type, String reason, String change) {
        Invoices.Invoice invoice = invoices.find(invoiceId).orElseThrow();
        publish(event(invoice, type, change).setReason(reason).build());
    }

    /** {@code refundMinor}: what the gateway is to refund for it (the note's amount on a paid invoice, else 0). */
    void creditNoteIssued(UUID invoiceId, Invoices.CreditNote note, long refundMinor) {
        Invoices.Invoice invoice = invoices.find(invoiceId).orElseThrow();
        publish(event(invoice, InvoiceEventType.CREDIT_NOTE_ISSUED, note.number())
                .setCreditNoteNumber(note.number())
                .setRefundMinor(refundMinor)
                .setReason(note.reason())
                .setTotalMinor(note.amountMinor())
                .setLines(List.of(InvoiceLine.newBuilder()
                        .setSection(Line.CREDITS)
                        .setDescription(note.reason())
                        .setCategory(Line.CREDITS)
                        .setQuantity(BigDecimal.ONE.setScale(9))
                        .setSparks(BigDecimal.ZERO.setScale(6))
                        .setAmountMinor(note.amountMinor())
                        .build()))
                .build());
    }

    private InvoiceEvent.Builder event(Invoices.Invoice invoice, InvoiceEventType type, String change) {
        Invoices.Summary summary = invoice.summary();
        return InvoiceEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((change + "|" + summary.invoiceId()).getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(summary.customerId())
                .setProducer(producer)
                .setType(type)
                .setInvoiceId(summary.invoiceId())
                .setInvoiceNumber(summary.invoiceNumber())
                .setPeriod(summary.period())
                .setPeriodStart(summary.periodStart())
                .setPeriodEnd(summary.periodEnd())
                .setStatus(summary.status())
                .setCurrency(summary.currency())
                .setTotalMinor(summary.totalMinor())
                .setTotalSparks(invoice.usageSparks().setScale(6))
                .setLines(List.of());
    }

    private void publish(InvoiceEvent event) {
        outbox.append(Topics.INVOICE_EVENTS, event.getCustomerId(), event.getEventId(), event);
    }

    private static List<InvoiceLine> lines(List<Line> lines) {
        return lines.stream().map(line -> InvoiceLine.newBuilder()
                .setSection(line.section())
                .setDescription(line.description())
                .setCategory(line.metric() != null ? line.metric() : line.section())
                .setQuantity(scaled(line.quantity(), 9))
                .setSparks(scaled(line.sparks(), 6))
                .setAmountMinor(line.amountMinor())
                .build()).toList();
    }

    private static BigDecimal scaled(BigDecimal value, int scale) {
        return (value == null ? BigDecimal.ZERO : value).setScale(scale, java.math.RoundingMode.HALF_EVEN);
    }
}
