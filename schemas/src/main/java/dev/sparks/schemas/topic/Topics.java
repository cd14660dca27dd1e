package dev.sparks.schemas.topic;

import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.notification.NotificationEvent;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.rating.RateCardPublished;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.time.Duration;
import java.util.List;

/**
 * The one registry of Sparks topics. Every topic is keyed by customer id, so all of a customer's
 * records stay in order on one partition from ingestion to invoice; the one exception is the rate
 * card topic, which is keyed by card version.
 */
public final class Topics {

    /** Long enough to re-rate a quarter from the raw events. */
    private static final Duration USAGE_RETENTION = Duration.ofDays(100);

    /** Usage as ingested, before pricing. Written by usage-ingest-service, read by rating-service. */
    public static final Topic<String, RawUsageEvent> USAGE_RAW =
            new Topic<>("usage.raw.v1", String.class, RawUsageEvent.class, 6, Topic.Cleanup.DELETE, USAGE_RETENTION);

    /** Usage priced in Sparks. Written by rating-service in Kafka transactions. */
    public static final Topic<String, RatedUsageEvent> USAGE_RATED =
            new Topic<>("usage.rated.v1", String.class, RatedUsageEvent.class, 6, Topic.Cleanup.DELETE, USAGE_RETENTION);

    /** Each customer's current subscription; compacted, so it can be read from the start as a table. */
    public static final Topic<String, SubscriptionStateChanged> SUBSCRIPTION_STATE = new Topic<>(
            "subscription.state.v1", String.class, SubscriptionStateChanged.class, 6, Topic.Cleanup.COMPACT);

    /**
     * Published rate cards, keyed by card version (not customer id) and compacted: every version
     * survives compaction with its latest effective dates, so a reader gets the whole history of
     * prices. One partition keeps publications in order.
     */
    public static final Topic<String, RateCardPublished> RATE_CARDS = new Topic<>(
            "rating.rate-cards.v1", String.class, RateCardPublished.class, 1, Topic.Cleanup.COMPACT);

    /**
     * Trial reminders, quota thresholds, usage spikes, and proration charges and credits (signed
     * amount_minor) that invoicing adds to the next invoice. Written by subscription-service.
     */
    public static final Topic<String, SubscriptionNotice> SUBSCRIPTION_NOTICES = new Topic<>(
            "subscription.notices.v1", String.class, SubscriptionNotice.class, 6, Topic.Cleanup.DELETE);

    public static final Topic<String, InvoiceEvent> INVOICE_EVENTS =
            new Topic<>("invoice.events.v1", String.class, InvoiceEvent.class, 6, Topic.Cleanup.DELETE);

    public static final Topic<String, PaymentEvent> PAYMENT_EVENTS =
            new Topic<>("payment.events.v1", String.class, PaymentEvent.class, 6, Topic.Cleanup.DELETE);

    public static final Topic<String, NotificationEvent> NOTIFICATION_EVENTS = new Topic<>(
            "notification.events.v1", String.class, NotificationEvent.class, 6, Topic.Cleanup.DELETE);

    /** One dead-letter topic per consuming stage, so each stage's rejects can be re-driven on their own. */
    public static final Topic<String, DeadLetter> RATING_DEAD_LETTERS = deadLetters("rating");

    /** Usage that arrived (a signed LiveKit webhook) but cannot be billed as it is, e.g. no customer. */
    public static final Topic<String, DeadLetter> INGEST_DEAD_LETTERS = deadLetters("ingest");

    public static final Topic<String, DeadLetter> SUBSCRIPTION_DEAD_LETTERS = deadLetters("subscription");
    public static final Topic<String, DeadLetter> INVOICING_DEAD_LETTERS = deadLetters("invoicing");
    public static final Topic<String, DeadLetter> PAYMENT_DEAD_LETTERS = deadLetters("payment");
    public static final Topic<String, DeadLetter> NOTIFICATION_DEAD_LETTERS = deadLetters("notification");

    private Topics() {}

    public static List<Topic<String, ?>> all() {
        return List.of(
                USAGE_RAW,
                USAGE_RATED,
                SUBSCRIPTION_STATE,
                RATE_CARDS,
                SUBSCRIPTION_NOTICES,
                INVOICE_EVENTS,
                PAYMENT_EVENTS,
                NOTIFICATION_EVENTS,
                INGEST_DEAD_LETTERS,
                RATING_DEAD_LETTERS,
                SUBSCRIPTION_DEAD_LETTERS,
                INVOICING_DEAD_LETTERS,
                PAYMENT_DEAD_LETTERS,
                NOTIFICATION_DEAD_LETTERS);
    }

    private static Topic<String, DeadLetter> deadLetters(String stage) {
        return new Topic<>(stage + ".dead-letter.v1", String.class, DeadLetter.class, 1, Topic.Cleanup.DELETE);
    }
}
