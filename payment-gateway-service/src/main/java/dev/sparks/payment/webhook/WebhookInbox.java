package dev.sparks.payment.webhook;

import static dev.sparks.payment.persistence.jooq.Tables.STRIPE_WEBHOOK_EVENT;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import dev.sparks.payment.PaymentProperties;
import dev.sparks.payment.stripe.StripeAudit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where Stripe's webhook deliveries land. A delivery is verified against the raw body with
 * stripe-java ({@link Webhook#constructEvent}: HMAC-SHA256 over {@code t.body}, each configured
 * secret tried, so a rotation needs no downtime), with the timestamp checked against the
 * injected {@link Clock}, not the machine's. A verified event is stored once per Stripe event id
 * and processed later ({@link WebhookProcessor}); the delivery is answered at once.
 */
@Service
public class WebhookInbox {

    private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

    /** A delivery's fate: stored as new, or a repeat of a stored event. */
    public enum Receipt { STORED, DUPLICATE }

    private final DSLContext db;
    private final Clock clock;
    private final PaymentProperties properties;
    private final StripeAudit audit;

    WebhookInbox(DSLContext db, Clock clock, PaymentProperties properties, StripeAudit audit) {
        this.db = db;
        this.clock = clock;
        this.properties = properties;
        this.audit = audit;
    }

    /** The verified event, or empty when no configured secret signed this body within the tolerance. */
    public Optional<Event> verify(String payload, String signatureHeader) {
        if (signatureHeader == null) {
            return Optional.empty();
        }
        for (String secret : properties.signingSecrets()) {
            try {
                return Optional.of(Webhook.constructEvent(payload, signatureHeader, secret,
                        properties.webhookTolerance().toSeconds(), clock));
            } catch (SignatureVerificationException wrong) {
                // the next secret may be the one (rotation)
            } catch (RuntimeException malformed) {
                log.warn("Stripe webhook with a valid signature but an unreadable body: {}", malformed.getMessage());
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Transactional
    public Receipt store(Event event, String payload) {
        int stored = db.insertInto(STRIPE_WEBHOOK_EVENT)
                .set(STRIPE_WEBHOOK_EVENT.EVENT_ID, event.getId())
                .set(STRIPE_WEBHOOK_EVENT.TYPE, event.getType())
                .set(STRIPE_WEBHOOK_EVENT.STRIPE_CREATED_AT, Instant.ofEpochSecond(event.getCreated()).atOffset(ZoneOffset.UTC))
                .set(STRIPE_WEBHOOK_EVENT.PAYLOAD, payload)
                .set(STRIPE_WEBHOOK_EVENT.RECEIVED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .set(STRIPE_WEBHOOK_EVENT.NEXT_TRY_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
        Receipt receipt = stored == 1 ? Receipt.STORED : Receipt.DUPLICATE;
        audit.record(new StripeAudit.Entry("webhook", event.getType(), null, receipt.name().toLowerCase(java.util.Locale.ROOT),
                null, null, event.getId(), null));
        return receipt;
    }
}
