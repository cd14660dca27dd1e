package dev.sparks.rating.deadletter;

import static dev.sparks.rating.persistence.jooq.Tables.REDRIVEN_DEAD_LETTER;

import dev.sparks.platform.messaging.DeadLetterTopic;
import dev.sparks.platform.messaging.PipelineMeters;
import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.rating.plan.CustomerPlans;
import dev.sparks.rating.pricing.Pricer;
import dev.sparks.rating.pricing.UsageItem;
import dev.sparks.rating.ratecard.PublishedCards;
import dev.sparks.rating.ratecard.RateCard;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.jooq.DSLContext;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Re-drives rating's dead letters after a card fix: each raw event the current cards can now
 * price is re-published, byte for byte, to usage.raw.v1, and the rating stage rates it like any
 * other. A dead letter is re-driven once (table redriven_dead_letter, written after the broker
 * acknowledged); should the service die between the two, the event is re-published again and
 * rated once all the same, because rating is idempotent per raw event id.
 */
@Service
public class DeadLetterRedriver {

    private static final int REASONS_SHOWN = 20;

    private final ConsumerFactory<String, byte[]> consumers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final SerdeFactory serdes;
    private final PublishedCards cards;
    private final CustomerPlans plans;
    private final DSLContext db;
    private final Clock clock;
    private final PipelineMeters meters;

    DeadLetterRedriver(ConsumerFactory<String, byte[]> consumers, KafkaTemplate<String, byte[]> kafka, SerdeFactory serdes,
            PublishedCards cards, CustomerPlans plans, DSLContext db, Clock clock, PipelineMeters meters) {
        this.consumers = consumers;
        this.kafka = kafka;
        this.serdes = serdes;
        this.cards = cards;
        this.plans = plans;
        this.db = db;
        this.clock = clock;
        this.meters = meters;
    }

    public RedriveReport redrive() {
        long examined = 0;
        long redriven = 0;
        long already = 0;
        long skipped = 0;
        List<String> unratable = new ArrayList<>();
        for (DeadLetter letter : new DeadLetterTopic(Topics.RATING_DEAD_LETTERS, consumers, serdes).readAll("rating-redrive")) {
            examined++;
            if (!Topics.USAGE_RAW.name().equals(letter.getSourceTopic()) || letter.getOriginalValue() == null) {
                skipped++;
            } else if (db.fetchExists(REDRIVEN_DEAD_LETTER, REDRIVEN_DEAD_LETTER.DEAD_LETTER_ID.eq(letter.getEventId()))) {
                already++;
            } else {
                String reason = whyUnratable(letter);
                if (reason != null) {
                    unratable.add(letter.getEventId() + ": " + reason);
                } else {
                    republish(letter);
                    redriven++;
                }
            }
        }
        meters.redriven(Topics.RATING_DEAD_LETTERS.name(), redriven);
        return new RedriveReport(examined, redriven, already, unratable.size(), skipped,
                unratable.stream().limit(REASONS_SHOWN).toList());
    }

    private String whyUnratable(DeadLetter letter) {
        try {
            RawUsageEvent raw = serdes.valueSerde(Topics.USAGE_RAW).deserializer()
                    .deserialize(Topics.USAGE_RAW.name(), DeadLetterTopic.bytes(letter.getOriginalValue()));
            RateCard card = cards.effectiveAt(raw.getOccurredAt()).orElseThrow(() -> new RecordRejectedException(
                    "No published rate card is effective at " + raw.getOccurredAt()));
            Pricer.price(card, UsageItem.of(raw), raw.getCustomerId(), plans.planOf(raw.getCustomerId()));
            return null;
        } catch (RecordRejectedException | SerializationException e) {
            return e.getMessage();
        }
    }

    private void republish(DeadLetter letter) {
        DeadLetterTopic.resend(kafka, letter, Topics.USAGE_RAW.name());
        db.insertInto(REDRIVEN_DEAD_LETTER)
                .set(REDRIVEN_DEAD_LETTER.DEAD_LETTER_ID, letter.getEventId())
                .set(REDRIVEN_DEAD_LETTER.RAW_EVENT_ID, letter.getOriginalEventId())
                .set(REDRIVEN_DEAD_LETTER.REDRIVEN_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }
}
