package dev.sparks.rating.ratecard;

import static dev.sparks.rating.persistence.jooq.Tables.METRIC_IN_USE;
import static dev.sparks.rating.persistence.jooq.Tables.RATE_CARD;

import dev.sparks.platform.outbox.Outbox;
import dev.sparks.rating.RatingProperties;
import dev.sparks.rating.persistence.jooq.tables.records.RateCardRecord;
import dev.sparks.rating.ratecard.RateCardRules.MetricRate;
import dev.sparks.schemas.topic.Topics;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate card versions: drafts are created freely; publishing checks the card against the published
 * ones and emits it on {@code rating.rate-cards.v1} through the outbox, in the same transaction.
 */
@Service
public class RateCards {

    private static final long PUBLISH_LOCK = 0x5241544543415244L;

    private final DSLContext db;
    private final Outbox outbox;
    private final JsonMapper json;
    private final RatingProperties properties;
    private final RateCardEvents events;
    private final Clock clock;

    RateCards(DSLContext db, Outbox outbox, JsonMapper json, RatingProperties properties, RateCardEvents events, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.json = json;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public RateCard createDraft(RateCardDocument document) {
        RateCard card = new RateCard(document.version(), RateCard.Status.DRAFT, document.effectiveFrom(),
                document.effectiveTo(), withDefaults(document.rules()), null);
        RateCardValidator.validate(card);
        int inserted = db.insertInto(RATE_CARD)
                .set(RATE_CARD.VERSION, card.version())
                .set(RATE_CARD.STATUS, "draft")
                .set(RATE_CARD.EFFECTIVE_FROM, card.effectiveFrom().atOffset(ZoneOffset.UTC))
                .set(RATE_CARD.EFFECTIVE_TO, card.effectiveTo() == null ? null : card.effectiveTo().atOffset(ZoneOffset.UTC))
                .set(RATE_CARD.RULES, JSONB.valueOf(json.writeValueAsString(card.rules())))
                .set(RATE_CARD.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
        if (inserted == 0) {
            throw new RateCardException(RateCardException.Kind.CONFLICT, "version", "Rate card " + card.version() + " exists already");
        }
        return card;
    }

    /**
     * Publishes a draft, appending it to the history of published cards: no published card changes.
     * A card that starts later takes precedence where it overlaps earlier ones, so an open-ended
     * card supersedes the previous one from its start, and a bounded card (a promotion, a
     * correction of one month) applies within its dates and hands back afterwards. A card published
     * after its start is a correction (see {@link RateCard#isCorrection()}), and the answer says so.
     * Refused: a card already published, and one that leaves unpriced a metric that has been rated
     * or that the latest published card prices.
     */
    @Transactional
    public RateCard publish(String version) {
        serializePublishing();
        RateCard card = find(version).orElseThrow(() -> new RateCardException(RateCardException.Kind.NOT_FOUND, "version",
                "No rate card " + version));
        if (card.status() == RateCard.Status.PUBLISHED) {
            throw new RateCardException(RateCardException.Kind.CONFLICT, "version", "Rate card " + version + " is already published");
        }
        checkMetricsInUse(card, published());
        Instant now = clock.instant();
        db.update(RATE_CARD).set(RATE_CARD.STATUS, "published").set(RATE_CARD.PUBLISHED_AT, now.atOffset(ZoneOffset.UTC))
                .where(RATE_CARD.VERSION.eq(version)).execute();
        RateCard publishedCard = card.published(now);
        announce(publishedCard, now);
        return publishedCard;
    }

    @Transactional(readOnly = true)
    public Optional<RateCard> find(String version) {
        return db.selectFrom(RATE_CARD).where(RATE_CARD.VERSION.eq(version)).fetchOptional().map(this::card);
    }

    @Transactional(readOnly = true)
    public List<RateCard> all() {
        return db.selectFrom(RATE_CARD).orderBy(RATE_CARD.EFFECTIVE_FROM, RATE_CARD.VERSION).fetch(this::card);
    }

    @Transactional(readOnly = true)
    public List<RateCard> published() {
        return db.selectFrom(RATE_CARD).where(RATE_CARD.STATUS.eq("published"))
                .orderBy(RATE_CARD.EFFECTIVE_FROM, RATE_CARD.PUBLISHED_AT).fetch(this::card);
    }

    /** The card to publish when the database has none yet; a no-op when another instance did it first. */
    @Transactional
    public void publishInitial(RateCardDocument initial) {
        serializePublishing();
        if (db.fetchExists(RATE_CARD)) {
            return;
        }
        createDraft(initial);
        publish(initial.version());
    }

    /** Publications check the published cards and then change them: one at a time, across instances. */
    private void serializePublishing() {
        db.fetch("select pg_advisory_xact_lock(?)", PUBLISH_LOCK);
    }

    private void checkMetricsInUse(RateCard card, List<RateCard> published) {
        TreeSet<String> inUse = new TreeSet<>(db.selectFrom(METRIC_IN_USE).fetch(METRIC_IN_USE.METRIC));
        if (!published.isEmpty()) {
            inUse.addAll(published.getLast().rules().metrics().keySet());
        }
        inUse.removeAll(card.rules().metrics().keySet());
        if (!inUse.isEmpty()) {
            throw RateCardException.invalid("metrics", "Metrics in use must stay priced, missing: " + String.join(", ", inUse));
        }
    }

    private void announce(RateCard card, Instant now) {
        outbox.append(Topics.RATE_CARDS, card.version(), events.eventId(card), events.published(card, now));
    }

    /** A card that names no Spark rate or markup gets the service's configured defaults. */
    private RateCardRules withDefaults(RateCardRules rules) {
        Map<String, MetricRate> metrics = new HashMap<>();
        rules.metrics().forEach((metric, rate) -> metrics.put(metric, rate.isPassThrough() && rate.markupPercent() == null
                ? new MetricRate(rate.unit(), rate.category(), rate.sparks(), rate.per(), true,
                        properties.passThroughMarkupPercent(), rate.variants())
                : rate));
        BigDecimal usdPerSpark = rules.usdPerSpark() == null ? properties.usdPerSpark() : rules.usdPerSpark();
        return new RateCardRules(usdPerSpark, metrics, rules.volumeDiscount(), rules.overrides());
    }

    private RateCard card(RateCardRecord row) {
        return new RateCard(row.getVersion(), RateCard.Status.valueOf(row.getStatus().toUpperCase()),
                row.getEffectiveFrom().toInstant(), row.getEffectiveTo() == null ? null : row.getEffectiveTo().toInstant(),
                json.readValue(row.getRules().data(), RateCardRules.class),
                row.getPublishedAt() == null ? null : row.getPublishedAt().toInstant());
    }
}
