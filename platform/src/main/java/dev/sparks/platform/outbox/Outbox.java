package dev.sparks.platform.outbox;

import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;

import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records an event to be published, in the caller's database transaction. The event reaches Kafka
 * if and only if that transaction commits: the relay publishes committed rows.
 */
public class Outbox {

    private final DSLContext db;
    private final SerdeFactory serdes;
    private final OutboxRelay relay;

    public Outbox(DSLContext db, SerdeFactory serdes, OutboxRelay relay) {
        this.db = db;
        this.serdes = serdes;
        this.relay = relay;
    }

    public <V extends SpecificRecord> void append(Topic<String, V> topic, String key, String eventId, V value) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.append needs the transaction of the state change it announces");
        }
        byte[] payload = serdes.valueSerde(topic).serializer().serialize(topic.name(), value);
        db.insertInto(OUTBOX_EVENT)
                .set(OUTBOX_EVENT.TOPIC, topic.name())
                .set(OUTBOX_EVENT.MESSAGE_KEY, key)
                .set(OUTBOX_EVENT.EVENT_ID, eventId)
                .set(OUTBOX_EVENT.PAYLOAD, payload)
                .execute();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }

    /**
     * Waits until the relay has published every row with these event ids, for callers that
     * promise "on Kafka" in their answer. Returns false when the timeout passed first (the rows are
     * committed all the same and will be published) or at once when one of them was parked
     * because Kafka refuses it for good.
     */
    public boolean awaitPublished(Collection<String> eventIds, Duration timeout) {
        if (eventIds.isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean pending = db.fetchExists(OUTBOX_EVENT,
                    OUTBOX_EVENT.EVENT_ID.in(eventIds).and(OUTBOX_EVENT.PUBLISHED_AT.isNull()));
            if (!pending) {
                return true;
            }
            if (db.fetchExists(OUTBOX_EVENT, OUTBOX_EVENT.EVENT_ID.in(eventIds).and(OUTBOX_EVENT.PARKED_AT.isNotNull()))) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            relay.wakeUp();
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
