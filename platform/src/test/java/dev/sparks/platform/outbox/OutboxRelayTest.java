package dev.sparks.platform.outbox;

import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.persistence.jooq.tables.records.OutboxEventRecord;
import dev.sparks.platform.testapp.PlatformTestApplication;
import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.notification.NotificationEvent;
import dev.sparks.schemas.notification.NotificationEventType;
import dev.sparks.schemas.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay against a real broker and database when Kafka refuses a row or transactions interleave. */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {
        "spring.application.name=platform-test",
        "spring.flyway.locations=classpath:db/platform-test"})
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Above the producer's default max.request.size (1 MiB): Kafka refuses it before sending. */
    private static final int TOO_LARGE = 2 * 1024 * 1024;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "relay");
    }

    @Autowired Outbox outbox;
    @Autowired OutboxRelay relay;
    @Autowired TransactionTemplate transactions;
    @Autowired DSLContext db;
    @Autowired MeterRegistry meters;

    @Test
    void aRowKafkaRefusesForGoodIsParkedWithItsReasonAndTheRowsAfterItArePublished() {
        String customer = "parked-" + UUID.randomUUID();
        relay.stop();
        try {
            transactions.executeWithoutResult(status -> append(customer, "before", "small"));
            transactions.executeWithoutResult(status -> append(customer, "too large", "x".repeat(TOO_LARGE)));
            transactions.executeWithoutResult(status -> append(customer, "after", "small"));
        } finally {
            relay.start();
        }

        List<NotificationEvent> published = TopicReader.read(Topics.NOTIFICATION_EVENTS,
                event -> event.getCustomerId().equals(customer), 2, WAIT);

        assertThat(published).extracting(NotificationEvent::getSubject).containsExactly("before", "after");
        Awaitility.await().atMost(WAIT).until(() -> parkedRowsOf(customer).size() == 1);
        OutboxEventRecord parked = parkedRowsOf(customer).getFirst();
        assertThat(parked.getPublishedAt()).isNull();
        assertThat(parked.getParkReason()).contains("RecordTooLargeException");
        assertThat(meters.get("sparks.outbox.parked.rows").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("sparks.outbox.oldest.unsent.age").gauge().value()).isZero();
        assertThat(meters.get("sparks.outbox.unsent.rows").gauge().value()).as("parked rows are not the backlog").isZero();
    }

    @Test
    void aRowWrittenLaterButCommittedFirstWaitsForTheTransactionStillRunning() throws Exception {
        String customer = "order-" + UUID.randomUUID();
        CountDownLatch firstAppended = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        relay.stop();
        try (ExecutorService slowWriter = Executors.newSingleThreadExecutor()) {
            try {
                Future<?> first = slowWriter.submit(() -> transactions.executeWithoutResult(status -> {
                    append(customer, "first", "slow transaction");
                    firstAppended.countDown();
                    awaitQuietly(commitFirst);
                }));
                assertThat(firstAppended.await(30, TimeUnit.SECONDS)).isTrue();
                transactions.executeWithoutResult(status -> append(customer, "second", "quick transaction"));

                relay.publishBatch();
                assertThat(db.fetchCount(OUTBOX_EVENT, OUTBOX_EVENT.MESSAGE_KEY.eq(customer), OUTBOX_EVENT.PUBLISHED_AT.isNotNull()))
                        .as("nothing published while the transaction that wrote first is running")
                        .isZero();

                commitFirst.countDown();
                first.get(30, TimeUnit.SECONDS);
                relay.publishBatch();
            } finally {
                commitFirst.countDown();
            }
        } finally {
            relay.start();
        }

        List<NotificationEvent> published = TopicReader.read(Topics.NOTIFICATION_EVENTS,
                event -> event.getCustomerId().equals(customer), 2, WAIT);
        assertThat(published).extracting(NotificationEvent::getSubject).containsExactly("first", "second");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<OutboxEventRecord> parkedRowsOf(String customer) {
        return db.selectFrom(OUTBOX_EVENT)
                .where(OUTBOX_EVENT.MESSAGE_KEY.eq(customer), OUTBOX_EVENT.PARKED_AT.isNotNull())
                .fetch();
    }

    private void append(String customer, String subject, String reference) {
        NotificationEvent event = NotificationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setCustomerId(customer)
                .setProducer("platform-test")
                .setType(NotificationEventType.SENT)
                .setChannel("email")
                .setRecipient("someone@example.com")
                .setSubject(subject)
                .setReference(reference)
                .build();
        outbox.append(Topics.NOTIFICATION_EVENTS, customer, event.getEventId(), event);
    }
}
