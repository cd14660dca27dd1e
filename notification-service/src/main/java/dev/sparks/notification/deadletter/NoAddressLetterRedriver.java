package dev.sparks.notification.deadletter;

import static dev.sparks.notification.persistence.jooq.Tables.REDRIVEN_DEAD_LETTER;

import dev.sparks.platform.messaging.DeadLetterTopic;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Re-drives the dead letters the stages wrote before mails were queued, for a customer with no
 * email address on file: each is re-published, byte for byte, to its source topic, where the stage
 * now queues the mail (sent at once, or when the address arrives). Like rating's redrive, a letter
 * is re-published once (table redriven_dead_letter, written after the broker acknowledged); a
 * re-publish repeated after a crash is harmless because the stages are idempotent per event id.
 * Other letters (undecodable, a notice without the fields its mail needs) would be rejected again
 * and are left where they are.
 */
@Service
class NoAddressLetterRedriver {

    /** The reason the stages gave, word for word, before mails waited for an address. */
    static final String NO_ADDRESS = "No email address on file";
    private static final Set<String> MAILED_TOPICS = Set.of(Topics.SUBSCRIPTION_NOTICES.name(), Topics.INVOICE_EVENTS.name());

    record Outcome(long republished, long alreadyRedriven) {}

    private final ConsumerFactory<String, byte[]> consumers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final SerdeFactory serdes;
    private final DSLContext db;
    private final Clock clock;

    NoAddressLetterRedriver(ConsumerFactory<String, byte[]> consumers, KafkaTemplate<String, byte[]> kafka,
            SerdeFactory serdes, DSLContext db, Clock clock) {
        this.consumers = consumers;
        this.kafka = kafka;
        this.serdes = serdes;
        this.db = db;
        this.clock = clock;
    }

    /** Every such letter, or those of {@code customerId} when given. */
    Outcome redrive(String customerId) {
        long republished = 0;
        long already = 0;
        for (DeadLetter letter : new DeadLetterTopic(Topics.NOTIFICATION_DEAD_LETTERS, consumers, serdes).readAll("notification-redrive")) {
            if (!isNoAddressLetter(letter) || (customerId != null && !customerId.equals(letter.getCustomerId()))) {
                continue;
            }
            if (db.fetchExists(REDRIVEN_DEAD_LETTER, REDRIVEN_DEAD_LETTER.DEAD_LETTER_ID.eq(letter.getEventId()))) {
                already++;
            } else {
                republish(letter);
                republished++;
            }
        }
        return new Outcome(republished, already);
    }

    private static boolean isNoAddressLetter(DeadLetter letter) {
        return letter.getOriginalValue() != null && MAILED_TOPICS.contains(letter.getSourceTopic())
                && letter.getReason().startsWith(NO_ADDRESS);
    }

    private void republish(DeadLetter letter) {
        DeadLetterTopic.resend(kafka, letter, letter.getSourceTopic());
        db.insertInto(REDRIVEN_DEAD_LETTER)
                .set(REDRIVEN_DEAD_LETTER.DEAD_LETTER_ID, letter.getEventId())
                .set(REDRIVEN_DEAD_LETTER.SOURCE_EVENT_ID, letter.getOriginalEventId())
                .set(REDRIVEN_DEAD_LETTER.REDRIVEN_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }
}
