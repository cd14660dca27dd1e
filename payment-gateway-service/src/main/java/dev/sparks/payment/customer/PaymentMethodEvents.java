package dev.sparks.payment.customer;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Announces on {@code payment.events.v1}, through the outbox and in the transaction that recorded
 * it, that a customer now has (or no longer has) a default payment method on file.
 */
@Component
class PaymentMethodEvents {

    private final Outbox outbox;
    private final Clock clock;
    private final String producer;

    PaymentMethodEvents(Outbox outbox, Clock clock, PlatformProperties platform) {
        this.outbox = outbox;
        this.clock = clock;
        this.producer = platform.serviceName();
    }

    void announce(StripeCustomers.Link link, boolean onFile) {
        PaymentEventType type = onFile ? PaymentEventType.PAYMENT_METHOD_ATTACHED : PaymentEventType.PAYMENT_METHOD_REMOVED;
        String identity = "payment-method|" + link.customerId() + "|" + type + "|" + clock.instant().toEpochMilli();
        PaymentEvent event = PaymentEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(clock.instant())
                .setCustomerId(link.customerId())
                .setProducer(producer)
                .setType(type)
                .setPaymentId("")
                .setInvoiceId("")
                .setAmountMinor(0)
                .setCurrency("USD")
                .setStripeCustomerId(link.stripeCustomerId())
                .build();
        outbox.append(Topics.PAYMENT_EVENTS, link.customerId(), event.getEventId(), event);
    }
}
