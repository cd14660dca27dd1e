package dev.sparks.platform.outbox;

import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;

import dev.sparks.platform.persistence.jooq.tables.records.OutboxEventRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka and marks them published.
 *
 * <p><b>Order.</b> Ids are taken when a row is written, not when its transaction commits, so a
 * transaction that wrote id 4 may commit after one that wrote id 5; publishing whatever is
 * committed in id order would then put 5 on Kafka ahead of 4. We chose to make the relay keep one
 * order rather than to require every consumer to be order-insensitive: each row records the id of
 * the transaction that wrote it ({@code writer_txid}, PostgreSQL's {@code pg_current_xact_id()},
 * which transactions take in the order they first write), and the relay publishes only rows whose
 * writer is older than the oldest transaction still running
 * ({@code pg_snapshot_xmin(pg_current_snapshot())}), in {@code (writer_txid, id)} order. A row is
 * therefore never published while a transaction that started writing before its writer may still
 * commit rows, and rows of one transaction keep their id order: per key, events leave in the
 * order their transactions began writing. (Kafka cannot learn true commit order from SQL; where
 * two transactions change the same entity, the row lock taken by the first write orders them the
 * same way.) The price: a long writing transaction anywhere in the service's database holds the
 * relay back until it ends, which {@code sparks_outbox_oldest_unsent_age_seconds} shows.
 *
 * <p>One relay at a time per database: a transaction-scoped advisory lock keeps a second instance
 * of the service from publishing the same rows in another order. Rows are marked published only
 * after Kafka acknowledged every record of the batch ({@code acks=all}, idempotent producer); a
 * crash in between publishes them again, which the consumers' idempotency absorbs.
 *
 * <p>A row Kafka refuses for good ({@link KafkaRefusal}: too large, invalid topic) is parked with
 * its reason and the rest of the batch is marked published, so one bad row does not hold back
 * every row after it. Any other failure rolls the batch back and it is sent again on the next
 * round; waiting for every acknowledgement before deciding keeps a transient failure from being
 * mistaken for the end of the batch.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Arbitrary, fixed: identifies the relay's advisory lock within a service's database. */
    private static final long RELAY_LOCK = 0x5350_4152_4b53L;
    /** Transactions with a lower id have all ended: their rows are committed (or gone) for good. */
    private static final Field<Long> OLDEST_RUNNING_TRANSACTION =
            DSL.field("pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class);

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration pollInterval;
    private final int batchSize;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile Thread worker;
    private volatile boolean running;

    public OutboxRelay(DSLContext db, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
            Duration pollInterval, int batchSize) {
        this.db = db;
        this.transactions = transactions;
        this.kafka = kafka;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
    }

    /** Publishes sooner than the next poll; called after a transaction with outbox rows commits. */
    public void wakeUp() {
        wakeUps.release();
    }

    /**
     * Publishes one batch; returns how many rows it settled, published or parked (0 when another
     * relay holds the lock).
     */
    public int publishBatch() {
        Integer settled = transactions.execute(status -> {
            boolean locked = db.select(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class, RELAY_LOCK))
                    .fetchOne(0, Boolean.class);
            if (!locked) {
                return 0;
            }
            List<OutboxEventRecord> rows = db.selectFrom(OUTBOX_EVENT)
                    .where(OUTBOX_EVENT.PUBLISHED_AT.isNull(), OUTBOX_EVENT.PARKED_AT.isNull(),
                            OUTBOX_EVENT.WRITER_TXID.lt(OLDEST_RUNNING_TRANSACTION))
                    .orderBy(OUTBOX_EVENT.WRITER_TXID, OUTBOX_EVENT.ID)
                    .limit(batchSize)
                    .fetch();
            if (rows.isEmpty()) {
                return 0;
            }
            List<Long> published = sendAll(rows);
            db.update(OUTBOX_EVENT)
                    .set(OUTBOX_EVENT.PUBLISHED_AT, DSL.currentOffsetDateTime())
                    .where(OUTBOX_EVENT.ID.in(published))
                    .execute();
            return rows.size();
        });
        return settled == null ? 0 : settled;
    }

    /**
     * Sends every row, then waits for every outcome: the ids Kafka acknowledged are returned, rows
     * it refuses for good are parked, and any other failure is thrown once all outcomes are in.
     */
    private List<Long> sendAll(List<OutboxEventRecord> rows) {
        List<CompletableFuture<?>> acks = rows.stream().map(this::send).toList();
        List<Long> published = new ArrayList<>(rows.size());
        RuntimeException transientFailure = null;
        for (int i = 0; i < rows.size(); i++) {
            OutboxEventRecord row = rows.get(i);
            try {
                acks.get(i).join();
                published.add(row.getId());
            } catch (CompletionException | CancellationException failure) {
                Optional<String> refusal = KafkaRefusal.permanentReason(failure);
                if (refusal.isPresent()) {
                    park(row, refusal.get());
                } else if (transientFailure == null) {
                    transientFailure = failure;
                }
            }
        }
        if (transientFailure != null) {
            throw transientFailure;
        }
        return published;
    }

    /** A send that fails before reaching the producer's callback still fails as a future. */
    private CompletableFuture<?> send(OutboxEventRecord row) {
        try {
            return kafka.send(row.getTopic(), row.getMessageKey(), row.getPayload());
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private void park(OutboxEventRecord row, String reason) {
        log.error("Parking outbox row {} (topic {}, key {}, event {}): Kafka refuses it for good: {}",
                row.getId(), row.getTopic(), row.getMessageKey(), row.getEventId(), reason);
        db.update(OUTBOX_EVENT)
                .set(OUTBOX_EVENT.PARKED_AT, DSL.currentOffsetDateTime())
                .set(OUTBOX_EVENT.PARK_REASON, reason)
                .where(OUTBOX_EVENT.ID.eq(row.getId()))
                .execute();
    }

    private void run() {
        while (running) {
            try {
                if (publishBatch() == 0) {
                    wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Outbox relay could not publish; retrying in {}", pollInterval, e);
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            wakeUp();
            try {
                current.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
